/// The samples of a Prometheus text exposition, keyed by series (`name{label="value",...}` as written), for tests.
struct PrometheusText {
    let text: String
    let samples: [String: Double]
    /// `# TYPE` lines: metric family name to type.
    let types: [String: String]

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { continue }
            samples[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        self.samples = samples
        self.types = types
    }

    subscript(_ series: String) -> Double? { samples[series] }

    /// Every series of one metric name (with or without labels).
    func series(named name: String) -> [String: Double] {
        samples.filter { $0.key == name || $0.key.hasPrefix(name + "{") }
    }
}
