/// A table read cell by cell, rendered as a Markdown pipe table.
///
/// Both table models publishers use are understood: XHTML (`tr`, `td`/`th`, `colspan`, `rowspan`)
/// and CALS (`row`, `entry`, `colspec colname`, `namest`/`nameend`, `spanname`, `morerows`).
///
/// Rendering conventions:
/// * rows and columns in source order; a spanned cell's text is written once, in its first
///   column and row, and the other positions it covers are empty, so every row has the same width;
/// * the header row is the `thead` rows merged column by column (texts joined by a space), or the
///   first row when the table has no `thead`, followed by `| --- |`;
/// * `|` in a cell is escaped as `\|`; cell text is one line.
struct TableGrid {
    struct Cell {
        var text: [UInt8]
        /// 0-based first column, when the markup names it (CALS).
        var column: Int?
        var colspan: Int
        var rowspan: Int
    }

    enum Section { case head, body, foot }

    private(set) var rows: [[Cell]] = []
    private(set) var rowIsHeader: [Bool] = []
    private var footRows: [[Cell]] = []
    private var current: [Cell] = []
    private var currentIsHeaderCells = true
    private var inRow = false
    var section: Section = .body
    /// CALS `colspec`: column name → 0-based index.
    private var columnNames: [String: Int] = [:]
    private var nextColumn = 0
    /// CALS `spanspec`: span name → (first, last) 0-based columns.
    private var spans: [String: (Int, Int)] = [:]
    var declaredColumns = 0
    /// CALS markup (`tgroup`, `colspec`, `entry`); XHTML otherwise.
    var isCALS = false

    static let maxColumns = 256
    static let maxRowSpan = 10_000

    mutating func declareColumn(name: String?, number: String?) {
        let index = number.flatMap { Int($0.trimmed) }.map { $0 - 1 } ?? nextColumn
        if let name, !name.isEmpty { columnNames[name] = index }
        nextColumn = index + 1
    }

    mutating func declareSpan(name: String?, start: String?, end: String?) {
        guard let name, let start, let end, let a = columnNames[start], let b = columnNames[end] else { return }
        spans[name] = (min(a, b), max(a, b))
    }

    mutating func startRow() {
        if inRow { endRow() }
        current.removeAll(keepingCapacity: true)
        currentIsHeaderCells = true
        inRow = true
    }

    mutating func endRow() {
        guard inRow else { return }
        inRow = false
        guard !current.isEmpty else { return }
        switch section {
        case .foot: footRows.append(current)
        case .head: rows.append(current); rowIsHeader.append(true)
        case .body:
            // Leading rows made only of `th` cells are header rows too.
            rowIsHeader.append(currentIsHeaderCells && !rowIsHeader.contains(false))
            rows.append(current)
        }
    }

    /// Adds a cell. XHTML spans come as `colspan`/`rowspan`; CALS positions as `colname`,
    /// `namest`/`nameend`, `spanname` and `morerows`.
    mutating func addCell(text: [UInt8], header: Bool, attributes a: CellAttributes) {
        if !inRow { startRow() }
        if !header { currentIsHeaderCells = false }
        var column: Int? = nil
        var colspan = max(1, min(Self.maxColumns, a.colspan.flatMap { Int($0.trimmed) } ?? 1))
        if let span = a.spanname.flatMap({ spans[$0] }) {
            column = span.0; colspan = span.1 - span.0 + 1
        } else if let st = a.namest.flatMap({ columnNames[$0] }) {
            column = st
            if let en = a.nameend.flatMap({ columnNames[$0] }), en >= st { colspan = en - st + 1 }
        } else if let c = a.colname.flatMap({ columnNames[$0] }) {
            column = c
        }
        var rowspan = max(1, min(Self.maxRowSpan, a.rowspan.flatMap { Int($0.trimmed) } ?? 1))
        if let more = a.morerows.flatMap({ Int($0.trimmed) }), more > 0 { rowspan = min(Self.maxRowSpan, more + 1) }
        current.append(Cell(text: text, column: column.map { min($0, Self.maxColumns - 1) }, colspan: min(colspan, Self.maxColumns), rowspan: rowspan))
    }

    struct CellAttributes {
        var colspan: String? = nil, rowspan: String? = nil, colname: String? = nil, namest: String? = nil
        var nameend: String? = nil, spanname: String? = nil, morerows: String? = nil
    }

    /// The pipe table (nothing when no cell has text), and the notes: footer rows made of a single
    /// cell (table footnotes written as a `tfoot` row), which follow the table as paragraphs.
    mutating func render() -> (table: [UInt8], notes: [[UInt8]]) {
        if inRow { endRow() }
        var notes: [[UInt8]] = []
        var footer: [[Cell]] = []
        for row in footRows {
            if row.count == 1 { if !row[0].text.isEmpty { notes.append(row[0].text) } } else { footer.append(row) }
        }
        let allRows = rows + footer
        let headerFlags = rowIsHeader + Array(repeating: false, count: footer.count)
        guard allRows.contains(where: { $0.contains { !$0.text.isEmpty } }) else { return ([], notes) }

        // Lay the cells out on a grid, honouring spans.
        var grid: [[[UInt8]?]] = []
        var occupied: [[Bool]] = []
        var width = declaredColumns
        for (r, row) in allRows.enumerated() {
            while grid.count <= r { grid.append([]); occupied.append([]) }
            var c = 0
            for cell in row {
                if let at = cell.column, at >= c { c = at }
                while c < occupied[r].count && occupied[r][c] { c += 1 }
                guard c < Self.maxColumns else { break }
                for dr in 0..<cell.rowspan where r + dr < allRows.count {
                    let rr = r + dr
                    while grid.count <= rr { grid.append([]); occupied.append([]) }
                    for dc in 0..<cell.colspan where c + dc < Self.maxColumns {
                        let cc = c + dc
                        while grid[rr].count <= cc { grid[rr].append(nil); occupied[rr].append(false) }
                        occupied[rr][cc] = true
                        grid[rr][cc] = (dr == 0 && dc == 0) ? cell.text : []
                    }
                }
                c += cell.colspan
                width = max(width, c)
            }
            width = max(width, grid[r].count)
        }
        width = min(max(width, 1), Self.maxColumns)

        var headerCount = 0
        while headerCount < headerFlags.count && headerFlags[headerCount] { headerCount += 1 }
        if headerCount == 0 { headerCount = 1 }

        var out: [UInt8] = []
        // Header: the header rows merged column by column.
        var header: [[UInt8]] = Array(repeating: [], count: width)
        for r in 0..<min(headerCount, grid.count) {
            for c in 0..<width {
                guard c < grid[r].count, let text = grid[r][c], !text.isEmpty else { continue }
                if header[c].isEmpty { header[c] = text } else if header[c] != text { header[c] += [0x20] + text }
            }
        }
        writeRow(header, into: &out)
        out.append(0x0A)
        out.append(0x7C)
        for _ in 0..<width { out.append(contentsOf: Array(" --- |".utf8)) }
        for r in headerCount..<grid.count {
            let cells = (0..<width).map { c in c < grid[r].count ? (grid[r][c] ?? []) : [] }
            if cells.allSatisfy(\.isEmpty) { continue }
            out.append(0x0A)
            writeRow(cells, into: &out)
        }
        return (out, notes)
    }

    private func writeRow(_ cells: [[UInt8]], into out: inout [UInt8]) {
        out.append(0x7C)  // |
        for cell in cells {
            out.append(0x20)
            for b in cell {
                if b == 0x7C { out.append(0x5C) }   // \|
                out.append(b == 0x0A ? 0x20 : b)
            }
            if !cell.isEmpty { out.append(0x20) }
            out.append(0x7C)
        }
    }
}
