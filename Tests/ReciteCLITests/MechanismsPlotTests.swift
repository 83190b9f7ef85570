// `recite plot ROOT --mechanisms`: with no sweep rows under ROOT it fails and names ROOT, writing nothing.
import Foundation
import Testing

@Suite struct MechanismsPlotTests {
    @Test func emptyRootFailsAndNamesIt() throws {
        let root = scratchDirectory("mechanisms")
        let r = try runRecite(["plot", root, "--mechanisms"])
        #expect(r.status != 0, "\(r.text)")
        #expect(r.stderr.contains(root) && r.stderr.contains("no rows"), "\(r.text)")
        #expect(!FileManager.default.fileExists(atPath: root + "/mechanisms.svg"))
    }
}
