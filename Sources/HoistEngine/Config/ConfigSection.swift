import Yams

/// One resource's section of hoist.yml (`type: aws_lambda` and its `config`), owned by the kind that reads
/// it (`StackResource.configSection`): the parser finds the section's type in the registry and hands it its
/// mapping, so a new kind with settings of its own edits no parser.
package protocol ConfigSection: Sendable, Equatable {
    /// The `type` hoist.yml names it by.
    static var type: String { get }
    /// Every setting at its default: the section as a hoist.yml without it means.
    init()
    /// Reads its `config` mapping, refusing what AWS would refuse later with the value's line and column.
    init(_ settings: Node.Mapping, _ reader: ConfigReader) throws(ConfigError)
}

extension ConfigSection {
    /// Whether `other` is this section with the same settings.
    func isEqual(to other: any ConfigSection) -> Bool { (other as? Self) == self }
}
