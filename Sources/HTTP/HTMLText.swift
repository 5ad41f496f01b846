/// Text put into HTML.
public enum HTMLText {
    /// `text` with `<`, `>`, `&`, `"` and `'` written as character references, safe inside an element or a quoted
    /// attribute value.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
