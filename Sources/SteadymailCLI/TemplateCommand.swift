import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail template add|list|show|remove|preview`: Mustache templates for campaigns, with layouts and partials.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Manage message templates: campaign templates, layouts ({{<name}}) and partials ({{>name}}).",
        subcommands: [
            TemplateAddCommand.self, TemplateListCommand.self, TemplateShowCommand.self, TemplateRemoveCommand.self,
            TemplatePreviewCommand.self,
        ])
}

/// `steadymail template add NAME --kind K [--subject S] --html FILE [--text FILE]`: saves (or replaces) a template on
/// the running server, which refuses one that does not compile or names a missing layout or partial, with the line.
struct TemplateAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add or replace a template; it must compile and name only stored layouts and partials.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The template's name: 1 to 64 of a-z, 0-9, _ and -.") var name: String
    @Option(help: "campaign, layout or partial.") var kind = "campaign"
    @Option(help: "The subject line (a Mustache template); campaign templates only.") var subject: String?
    @Option(help: "The file holding the HTML body (for a layout or partial, its only body).") var html: String
    @Option(help: "The file holding the plain-text body; without it the text part is derived from the HTML.")
    var text: String?
    @Flag(help: "Print the saved template as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let request = TemplateRequest(
            name: name, kind: kind, subject: subject, html: try Self.read(html, option: "--html"),
            text: try text.map { try Self.read($0, option: "--text") })
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .templateSave, template: request))
        guard let template = response.templates?.first else {
            throw ControlError.protocolError("the server sent no template")
        }
        if json { return try printJSON(template) }
        print("template \(template.name) (\(template.kind)) saved")
    }

    /// The UTF-8 text of a file, or an error naming the option.
    static func read(_ path: String, option: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(option): cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(option): \(path) is not UTF-8 text")
        }
        return text
    }
}

/// `steadymail template list`: every template with its kind and subject.
struct TemplateListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List templates.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: {\"templates\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .templateList))
        let templates = response.templates ?? []
        if json { return try printJSON(["templates": templates]) }
        var rows = [["NAME", "KIND", "SUBJECT", "TEXT", "UPDATED"]]
        for template in templates {
            rows.append([
                template.name, template.kind, template.subject ?? "-", template.text == nil ? "derived" : "own",
                template.updatedAt,
            ])
        }
        print(table(rows))
    }
}

/// `steadymail template show NAME`: one template's parts.
struct TemplateShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one template.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The template's name.") var name: String
    @Flag(help: "Print the template as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .templateShow, template: TemplateRequest(name: name)))
        guard let template = response.templates?.first else {
            throw ControlError.protocolError("the server sent no template")
        }
        if json { return try printJSON(template) }
        print("name: \(template.name)\nkind: \(template.kind)\nupdated: \(template.updatedAt)")
        if let subject = template.subject { print("subject: \(subject)") }
        print("--- html\n\(template.html)")
        if let text = template.text { print("--- text\n\(text)") }
    }
}

/// `steadymail template remove NAME`: deletes a template on the running server, unless others use it.
struct TemplateRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a template; refused while another template includes it.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The template's name.") var name: String

    func run() async throws {
        let configuration = try options.load()
        _ = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .templateRemove, template: TemplateRequest(name: name)))
        print("template \(name) removed")
    }
}

/// `steadymail template preview NAME [--subscriber EMAIL]`: the subject, HTML and text a campaign would send.
struct TemplatePreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a campaign template for a subscriber (or a sample one): subject, HTML and text parts.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign template's name.") var name: String
    @Option(help: "The subscriber's address; without it a sample subscriber is used.") var subscriber: String?
    @Flag(help: "Print JSON: {\"subject\", \"html\", \"text\"}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .templatePreview, template: TemplateRequest(name: name, email: subscriber)))
        guard let rendered = response.rendered else { throw ControlError.protocolError("the server sent no preview") }
        if json { return try printJSON(rendered) }
        print("Subject: \(rendered.subject)\n--- html\n\(rendered.html)\n--- text\n\(rendered.text)")
    }
}
