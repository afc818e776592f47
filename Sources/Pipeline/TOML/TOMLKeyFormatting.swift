/// Renders keys for messages the way they would be written in TOML.
public enum TOMLKeyFormatting {
    /// `key` unchanged when it is a valid bare key, else as a basic string with escapes.
    public static func quotedIfNeeded(_ key: String) -> String {
        if !key.isEmpty, key.unicodeScalars.allSatisfy(TOMLScanner.isBareKeyScalar) { return key }
        var out = "\""
        for c in key.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\u" + TOMLScanner.hexName(c.value).dropFirst(2)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// A dotted key path, each part quoted if needed: `stages.filter."min chars"`.
    public static func path(_ keys: [String]) -> String {
        keys.map(quotedIfNeeded).joined(separator: ".")
    }
}
