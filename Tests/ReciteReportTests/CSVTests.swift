// CSVTests.swift: RFC 4180 parsing and the reported-curves schema.

import Testing
@testable import ReciteReport

@Suite("CSV")
struct CSVTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quoted() throws {
        let text = "a,b,c\r\n\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nx,,\"\"\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1,5", "say \"hi\"", "two\nlines"], ["x", "", ""]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test("a last line without newline is kept; quote round-trips")
    func lastLine() throws {
        let fields = ["plain", "with, comma", "with \"quote\""]
        let records = try CSV.parse("h1,h2,h3\n" + fields.map(CSV.quote).joined(separator: ","))
        #expect(records.last?.fields == fields)
    }

    @Test("malformed CSV is an error that names the line")
    func malformed() {
        #expect(throws: ReportError.malformedCSV(file: "f.csv", line: 2, reason: "a quoted field is never closed")) {
            try CSV.parse("a\n\"open\n", file: "f.csv")
        }
        #expect(throws: ReportError.self) { try CSV.parse("a\nb\"c\n") }
    }

    @Test("reported rows need every column, numbers and a provenance")
    func schema() throws {
        let header = "figure,panel,series,x,x_unit,y,y_unit,provenance\n"
        let ok = header + "f,p,\"4 Rec\",100,B,33,%,\"000.txt: \"\"Starts at ~33 (100B tokens)\"\"\"\n"
            + "f,p,4 Rec,700,B,45,%,src\nf,q,8 Rec,1,B,2,%,src\n"
        let series = try ReportedCurves.parse(ok)
        #expect(series.map(\.series) == ["4 Rec", "8 Rec"])
        #expect(series[0].points.map(\.x) == [100, 700])
        #expect(series[0].points[0].provenance == "000.txt: \"Starts at ~33 (100B tokens)\"")
        #expect(throws: ReportError.emptyField(file: "<csv>", line: 2, column: "provenance")) {
            try ReportedCurves.parse(header + "f,p,s,1,u,2,u,\n")
        }
        #expect(throws: ReportError.badNumber(file: "<csv>", line: 2, column: "y", found: "~3")) {
            try ReportedCurves.parse(header + "f,p,s,1,u,~3,u,src\n")
        }
        #expect(throws: ReportError.missingColumn(file: "<csv>", column: "provenance")) {
            try ReportedCurves.parse("figure,panel,series,x,x_unit,y,y_unit\n")
        }
        #expect(throws: ReportError.self) { try ReportedCurves.parse(header + "f,p,s,1,u,2\n") }
    }
}
