import ArgumentParser
import Foundation
import ReciteAnalysis
import ReciteFigures
import ReciteLab
import ReciteReport

extension Recite {
    /// `recite demo`: a one-minute lecture demonstration of the recitation effect, trained live.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A lecture-sized recitation experiment (under a minute): watch the curves form as runs finish.",
            discussion: """
                Trains the recitation-mc world for 1, 4, 8, 16 and 64 recitations at eight unique-token budgets, \
                redrawing a terminal chart after every finished run, then writes results/demo/recitation-mc.svg. \
                Every point is a real training run; nothing is precomputed.
                """)

        @Option(help: "Seed (change it to show the shapes do not depend on one).")
        var seed = 1

        @Option(help: "Results directory.")
        var out = "results/demo"

        @Flag(help: "Start afresh instead of reusing finished runs.")
        var fresh = false

        func run() throws {
            let file = try ExperimentCatalog.directory() + "/recitation-mc.yaml"
            let figures = try ExperimentCatalog.figures(file: file)
            guard let figure = figures.first else { throw ValidationError("\(file) names no figure") }
            let overrides = ["seed=\(seed)", "data.unique_tokens=[1152,2304,3456,4608,5760,6912,8064,9216]", "data.recitations=[1,4,8,16,64]", "name=demo"]
            let runs = try ExperimentLoader.load(file: file, overrides: overrides)
            if fresh { try? FileManager.default.removeItem(atPath: out) }
            let store = ResultsStore(directory: out)
            let tty = isatty(STDOUT_FILENO) == 1
            let cores = ProcessInfo.processInfo.activeProcessorCount
            var done = 0
            func draw() {
                guard let rows = try? store.rows(keys: runs.map(\.key)) else { return }
                let curves = figure.curves(rows)
                let chart = TextChart(
                    title: "mc accuracy (%) vs unique tokens, by recitations (\(done)/\(runs.count) runs trained)",
                    series: curves.map { Series(name: $0.label, x: $0.x, y: $0.mean.map { 100 * $0 }, style: Palette.rec(Int($0.series))) },
                    xAxis: Axis(label: "unique tokens U", minimum: 1152, maximum: 9216),
                    yAxis: Axis(label: "mc %", minimum: 20, maximum: 100), columns: 60, rows: 16)
                if tty { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(chart.render(colors: tty))
                fflush(nil)
            }
            if tty { draw() }
            _ = try SweepScheduler(file: file, overrides: overrides, store: store, workers: cores, threads: 1)
                .run(runs, label: "demo") { _ in done += 1; if tty { draw() } }
            done = runs.count
            if !tty { draw() }
            try store.merge(keys: runs.map(\.key))
            let rows = try ResultsCSV.read(store.mergedPath)
            try FigureCheck.writeCharts([figure], rows: rows, directory: out, reportedDirectory: ExperimentCatalog.reportedDirectory(resultsRoot: "results"))
            print("""

                What you see: 1 Rec stays a few points above chance (25%): one exposure teaches only the facts
                whose value is common. At the smallest U the series fan out, because each doubling of exposures
                brings in harder facts (rarer values). With more unique tokens every series with R ≥ 4 climbs:
                each unique fact of a key family teaches the family's typical values (a rule), so at the largest U
                16, 32 and 64 Rec meet, above what memorising the corpus's facts alone could give.
                ("Rec" = data recitations here, not the paper's test-time recurrences.)
                Figure: \(out)/\(figure.id).svg
                """)
        }
    }
}
