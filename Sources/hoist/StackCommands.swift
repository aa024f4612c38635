import AWSTransport
import ArgumentParser
import Foundation
import HoistEngine
import HoistPackaging

extension Hoist {
    /// Writes a `hoist.yml` with every default spelled out and, in a folder without a Swift package, a
    /// function package that deploys as it is.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a project: hoist.yml, and a function package where the folder has none.",
            discussion: """
                In a folder with a Package.swift, only hoist.yml is written (set its path and product to your function). \
                Elsewhere a package is written too: --template hello (default) a minimal JSON handler, --template \
                items the items API on the table (a write API: add auth to hoist.yml before it faces the internet).

                Example: mkdir my-api && cd my-api && hoist init --template hello && hoist local
                """)

        @Option(help: "Project name (lower-case letters, digits, dashes); defaults to the folder's name.")
        var project: String?
        @Option(help: "AWS region to deploy to.")
        var region = "us-east-1"
        @Option(help: "Where to write the project file.")
        var config = "hoist.yml"
        @Option(help: "The function package to write: items or hello (only where the folder has no Package.swift).")
        var template: String?
        @Option(help: "Where the function's package gets hoist's runtime library: a folder or a git URL (default: the hoist checkout this binary was built from).")
        var runtimePackage: String?

        func validate() throws {
            if let project, !HoistConfig.isValidProjectName(project) { throw ValidationError("--project '\(project)' \(HoistConfig.projectNameRule)") }
            guard AWSRegionName.isValid(region) else { throw ValidationError("--region \(AWSRegionName.problem(region))") }
            if let template, ProjectTemplate(rawValue: template) == nil {
                throw ValidationError("--template '\(template)' is not one of \(ProjectTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let folderName = folder.lastPathComponent.lowercased()
            guard let name = project ?? (HoistConfig.isValidProjectName(folderName) ? folderName : nil) else {
                throw HoistError.badFolderName(folderName)
            }
            let path = config.hasPrefix("/") ? config : folder.appendingPathComponent(config).path
            guard !FileManager.default.fileExists(atPath: path) else { throw HoistError.fileExists(config, fix: "edit it or remove it first") }
            let hasPackage = FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
            var files: [(path: String, text: String)] = []
            var product = "bootstrap"
            if hasPackage {
                if template != nil { throw HoistError.templateInPackage }
            } else {
                guard let runtime = runtimePackage.map(ProjectTemplate.RuntimePackage.init) ?? ProjectTemplate.RuntimePackage.builtFrom else {
                    throw HoistError.runtimePackageMissing
                }
                // A .gitignore already there (a fresh git repository) is the user's: kept, not a conflict.
                files = (ProjectTemplate(rawValue: template ?? "hello") ?? .hello).files(projectName: name, runtime: runtime).filter {
                    $0.path != ".gitignore" || !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.path).path)
                }
                product = ProjectTemplate.product
                for file in files where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.path).path) {
                    throw HoistError.fileExists(file.path, fix: "run init in an empty folder")
                }
            }
            let text = HoistConfig.template(projectName: name, region: region, product: product)
            _ = try ConfigParser().parse(text)
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.text.write(to: url, atomically: true, encoding: .utf8)
                print("wrote \(url.path)")
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path)")
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what deploy would create, update or leave alone.",
            discussion: "Example: hoist plan --env prod --detailed-exitcode   # in CI: exit 2 when prod differs from hoist.yml")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Exit 2 when deploy would change something, 0 when not (1 stays an error), as terraform plan does: for drift checks in CI.")
        var detailedExitcode = false

        func run() async throws {
            var context = try ProjectContext(project: project, aws: aws)
            let code = try await context.package()
            let plan = try await explained(context) { try await context.engine.plan(codeSha256: code.codeSha256) }
            print(plan.text)
            print(plan.isEmpty ? "no changes" : "\(plan.changeCount) change(s)\(plan.uploadCode ? " and a code upload" : "")")
            if let notice = context.spec.publicNotice { ProgressRenderer.line(notice) }
            if detailedExitcode, !plan.isEmpty { throw ExitCode(2) }
        }
    }

    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build, then create or update everything so AWS matches hoist.yml.",
            discussion: "Example: hoist deploy --env prod --json > outputs.json")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Print the outputs as JSON, and progress as JSON lines on stderr.")
        var json = false
        @Flag(help: "Replace the table when its keys changed, deleting its items (deploy refuses otherwise).")
        var allowReplace = false
        @Option(help: ArgumentHelp("Give a new version this share of live's traffic, watch its errors for --bake, then all or none of it.", valueName: "10%"))
        var canary: String?
        @Option(help: ArgumentHelp("How long a canary is watched before it gets all of live's traffic.", valueName: "5m"))
        var bake = "5m"

        func validate() throws {
            _ = try release
        }

        /// `--canary` and `--bake` as the engine takes them.
        var release: CanaryRelease? {
            get throws {
                guard let canary else { return nil }
                let digits = canary.hasSuffix("%") ? String(canary.dropLast()) : canary
                guard let percent = Double(digits), percent > 0, percent < 100 else {
                    throw ValidationError("--canary '\(canary)' is not a share of traffic between 0% and 100% exclusive; write it as 10%")
                }
                guard let seconds = DurationText.seconds(bake, maximum: 86_400) else {
                    throw ValidationError("--bake '\(bake)' is not a duration of up to a day; write it as 30s, 5m or 1h")
                }
                return CanaryRelease(weight: percent / 100, bake: .seconds(seconds))
            }
        }

        func run() async throws {
            var context = try ProjectContext(project: project, aws: aws, json: json)
            let release = try release
            let code = try await context.package()
            let (plan, outputs) = try await explained(context) {
                try await StopOnInterrupt.during(context.engine) {
                    try await context.engine.deploy(code: code, allowReplace: allowReplace, forceUnlock: project.forceUnlock, canary: release)
                }
            }
            if plan.isEmpty { ProgressRenderer.line("no changes") }
            if release != nil, let live = try? await context.engine.releases().live { ProgressRenderer.line("live serves version \(live)") }
            if let notice = context.spec.publicNotice, !json { ProgressRenderer.line(notice) }
            try printOutputs(outputs, json: json)
        }
    }

    struct UpdateCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-code", abstract: "Build and upload the function's code, only if it changed.",
            discussion: "Example: hoist update-code --env dev && hoist invoke --env dev --path /items")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Report progress as JSON lines on stderr.")
        var json = false

        func run() async throws {
            var context = try ProjectContext(project: project, aws: aws, json: json)
            let code = try await context.package()
            let uploaded = try await explained(context) {
                try await context.engine.updateCode(code: code, forceUnlock: project.forceUnlock)
            }
            print(uploaded ? "updated \(context.spec.functionName): CodeSha256 \(code.codeSha256)" : "unchanged: \(context.spec.functionName) already runs this code")
        }
    }

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete everything of one environment.",
            discussion: "Example: hoist destroy --env pr-42 --yes   # tear down a preview environment in CI")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Do not ask for confirmation.")
        var yes = false
        @Flag(help: "Report progress as JSON lines on stderr.")
        var json = false

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws, json: json)
            if !yes {
                guard isatty(0) != 0 else { throw HoistError.confirmationNeeded(stack: context.spec.functionName) }
                FileHandle.standardError.write(Data("delete every resource of \(context.spec.functionName), table data included? [y/N] ".utf8))
                guard readLine()?.lowercased() == "y" else { throw HoistError.declined(stack: context.spec.functionName) }
            }
            let plan = try await explained(context) {
                try await StopOnInterrupt.during(context.engine) { try await context.engine.destroy(forceUnlock: project.forceUnlock) }
            }
            print(plan.changeCount > 0 ? "destroyed \(context.spec.functionName)" : "nothing to destroy for \(context.spec.functionName)")
        }
    }

    struct Outputs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the API URL, function ARN and table name of a deployed environment.",
            discussion: "Example: curl \"$(hoist outputs --env prod --json | jq -r .apiURL)/items\"")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var aws: AWSOptions
        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let context = try ProjectContext(project: project, aws: aws)
            guard let outputs = try await explained(context, { try await context.engine.outputs() }) else {
                throw EngineError.notDeployed(stack: context.spec.functionName, environment: project.env)
            }
            try printOutputs(outputs, json: json)
        }
    }
}

/// Rewords refused credentials so the message names the key; everything else passes through.
func explained<T>(_ context: ProjectContext, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw await HoistError.explaining(error, context: context.aws)
    }
}

func printOutputs(_ outputs: StackOutputs, json: Bool) throws {
    if json {
        try printJSON(outputs)
    } else {
        print(outputs.values.compactMap { output in output.label.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) + output.value } }.joined(separator: "\n"))
    }
}

/// `--json` output: stable key order, so scripts and diffs see the same text for the same values.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
