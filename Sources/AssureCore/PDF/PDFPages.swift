import Foundation

/// What Assure reads from, and changes in, the PDF a browser printed: on which page each
/// named destination (a document's anchor) landed, so the contents can give page numbers; and
/// the creation and modification dates, set to the commit's, so the same commit prints the
/// same bytes. Chromium (Skia) writes the objects these need uncompressed.
public enum PDFPages {
    /// The page number (from 1) of each named destination, by name.
    public static func destinations(in pdf: Data) -> [String: Int] {
        let text = String(decoding: pdf, as: UTF8.self)
        let pages = pageOrder(text)
        guard !pages.isEmpty, let dests = reference(after: "/Dests", in: text), let body = object(dests, in: text)
        else { return [:] }
        // `/name [PAGE 0 R /XYZ x y z]`, one per destination.
        guard let expression = try? NSRegularExpression(pattern: #"/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R"#) else {
            return [:]
        }
        var result: [String: Int] = [:]
        for match in expression.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            guard let name = Range(match.range(at: 1), in: body), let page = Range(match.range(at: 2), in: body),
                let number = pages.firstIndex(of: Int(body[page]) ?? -1)
            else { continue }
            result[decodeName(String(body[name]))] = number + 1
        }
        return result
    }

    /// How many pages the PDF has.
    public static func pageCount(of pdf: Data) -> Int { pageOrder(String(decoding: pdf, as: UTF8.self)).count }

    /// The page objects in reading order, from the page tree's root down.
    static func pageOrder(_ text: String) -> [Int] {
        guard let catalogPages = reference(after: "/Pages", in: catalogText(text) ?? "") else { return [] }
        var order: [Int] = []
        func walk(_ number: Int, depth: Int) {
            guard depth < 32, let body = object(number, in: text) else { return }
            if body.contains("/Type /Pages") || body.contains("/Type/Pages"), let kids = body.range(of: "/Kids") {
                let list = body[kids.upperBound...].drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
                let numbers = list.split(separator: " ").enumerated().compactMap {
                    $0.offset % 3 == 0 ? Int($0.element) : nil
                }
                for kid in numbers { walk(kid, depth: depth + 1) }
            } else {
                order.append(number)
            }
        }
        walk(catalogPages, depth: 0)
        return order
    }

    /// The document catalog's dictionary.
    private static func catalogText(_ text: String) -> String? {
        guard let root = reference(after: "/Root", in: text) else { return nil }
        return object(root, in: text)
    }

    /// The number of the object referred to right after `key` (`/Root 1 0 R`).
    private static func reference(after key: String, in text: String) -> Int? {
        guard let range = text.range(of: key + " ") ?? text.range(of: key) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
        return Int(digits)
    }

    /// The text of object `number` (`N 0 obj … endobj`).
    private static func object(_ number: Int, in text: String) -> String? {
        let marker = "\n\(number) 0 obj"
        guard let start = text.range(of: marker),
            let end = text.range(of: "endobj", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// A PDF name with its `#XX` escapes decoded.
    private static func decodeName(_ name: String) -> String {
        guard name.contains("#") else { return name }
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "#"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The PDF with its `/CreationDate` and `/ModDate` set to `date` (UTC). The new dates have
    /// the length of the old ones, so no offset in the file moves.
    public static func dated(_ pdf: Data, _ date: Date) -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        let stamp = Array("D:\(formatter.string(from: date))+00'00'".utf8)
        var bytes = [UInt8](pdf)
        for key in ["/CreationDate (", "/ModDate ("] {
            let pattern = Array(key.utf8)
            var index = 0
            while index + pattern.count + stamp.count <= bytes.count {
                if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                    let start = index + pattern.count
                    let end = bytes[start...].firstIndex(of: UInt8(ascii: ")")) ?? start
                    if end - start == stamp.count { bytes.replaceSubrange(start..<end, with: stamp) }
                    index = end
                } else {
                    index += 1
                }
            }
        }
        return Data(bytes)
    }
}
