import Foundation
import SteadymailDomain
import SteadymailStorage

/// Judges the settings of a new campaign: every field it refuses is named, and nothing is stored until all pass.
///
/// It exists so that a campaign that could not run (a template or list that does not exist, an address that does
/// not parse, a window, zone or time that cannot be read, a deadline before the start) is refused when it is created,
/// not discovered at its send time.
struct CampaignRequestCheck {
    let store: any QueueStore
    let renderer: any CampaignRendering

    func check(_ request: CampaignRequest, now: Date) async throws -> NewCampaign {
        let name = (request.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else {
            throw CampaignRequestError(field: "name", "must be 1 to 200 characters")
        }
        let template = request.template ?? ""
        guard !template.isEmpty, try await renderer.templateExists(template) else {
            throw CampaignRequestError(field: "template", "no template \"\(template)\"")
        }
        let names = request.lists ?? []
        guard !names.isEmpty else { throw CampaignRequestError(field: "lists", "at least one list is needed") }
        var listIDs: [Int64] = []
        for listName in names {
            guard let list = try await store.list(named: listName) else {
                throw CampaignRequestError(field: "lists", "no list \"\(listName)\"")
            }
            listIDs.append(list.id)
        }
        let from: String
        do {
            from = try Mailbox(parsing: request.from ?? "").description
        } catch {
            throw CampaignRequestError(field: "from", "not an address: \"\(request.from ?? "")\" (\(error))")
        }
        let fromName = request.fromName ?? ""
        guard !fromName.contains(where: { $0.isNewline }) else {
            throw CampaignRequestError(field: "from_name", "must be one line")
        }
        let priority = try Self.priority(request.priority)
        if let throttle = request.throttle, throttle < 1 || throttle > 10_000_000 {
            throw CampaignRequestError(field: "throttle", "must be between 1 and 10000000 messages per minute")
        }
        let zone = request.timeZone ?? "UTC"
        guard TimeZone(identifier: zone) != nil else {
            throw CampaignRequestError(field: "time_zone", "unknown time zone \"\(zone)\"")
        }
        var window: SendWindow?
        if let text = request.window {
            do throws(SendWindowError) {
                window = try SendWindow(parsing: text, timeZone: zone)
            } catch {
                throw CampaignRequestError(field: "window", error.description)
            }
        }
        let sendAt = try request.sendAt.map { try Self.time($0, zone: zone, field: "send_at") }
        let deadline = try request.deadline.map { try Self.time($0, zone: zone, field: "deadline") }
        if let deadline {
            guard deadline > (sendAt ?? now) else {
                throw CampaignRequestError(field: "deadline", "must come after the start")
            }
        }
        let segment = request.segment.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        if let segment {
            do throws(SegmentError) {
                _ = try SegmentParser.parse(segment)
            } catch {
                throw CampaignRequestError(field: "segment", error.description)
            }
        }
        return NewCampaign(
            name: name, templateName: template, fromAddress: from, fromName: fromName, priority: priority,
            throttlePerMinute: request.throttle, window: window, timeZone: zone, sendAt: sendAt, deadline: deadline,
            segment: segment, listIDs: listIDs, tracking: request.tracking ?? true)
    }

    static func priority(_ text: String?) throws -> Priority {
        switch text ?? "bulk" {
        case "bulk": .bulk
        case "time-critical": .timeCritical
        default: throw CampaignRequestError(field: "priority", "must be bulk or time-critical")
        }
    }

    static func time(_ text: String, zone: String, field: String) throws -> Date {
        do {
            return try CampaignTime.parse(text, timeZone: zone)
        } catch {
            throw CampaignRequestError(field: field, error.description)
        }
    }
}
