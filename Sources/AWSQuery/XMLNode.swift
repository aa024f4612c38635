import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: enough structure to read AWS query-protocol answers by path.
package struct XMLNode: Sendable, Equatable {
    package var name: String
    package var text: String
    package var children: [XMLNode]

    package init(name: String, text: String = "", children: [XMLNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child called `name`.
    package func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// The text of the descendant reached through `path` (`node["RoleArn"]`, `node["Role", "Arn"]`).
    package subscript(_ path: String...) -> String? {
        var node = self
        for name in path {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        return node.text
    }

    /// The `<member>` children of the list element `name`.
    package func members(of name: String) -> [XMLNode] {
        child(name)?.children.filter { $0.name == "member" } ?? []
    }

    package enum ParseError: Error, Equatable {
        case malformed(String)
    }

    /// Parses a whole document and returns its root element.
    package static func parse(_ bytes: [UInt8]) throws(ParseError) -> XMLNode {
        let delegate = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        guard parser.parse(), let root = delegate.root else {
            throw .malformed(parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }
}

/// Builds `XMLNode`s from parser callbacks; used by one parse on one thread, then dropped.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLNode] = []
    var root: XMLNode?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(XMLNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        var node = stack.removeLast()
        if !node.children.isEmpty { node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    }
}
