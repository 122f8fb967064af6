import Foundation
import OpenAPIRuntime
import TendCore
import TendInterop
import TendServices
import TendStore

extension APIHandler {
    func importContacts(_ input: Operations.ImportContacts.Input) async throws -> Operations.ImportContacts.Output {
        let tending = try tending()
        let q = input.query
        let body: HTTPBody
        switch input.body {
        case .textVcard(let b), .csv(let b), .binary(let b): body = b
        }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: ImportFile.maximumSize)
        } catch {
            throw APIProblem(status: .contentTooLarge, detail: "The file is over 64 MB; split it, or import it with `tend import`.")
        }
        let mapping = try q.map.map { text in
            do { return try ContactCSV.mapping(text) } catch let e as ValidationError { throw APIProblem.invalid(e.message, field: "map") }
        }
        let format = ImportFormat(rawValue: q.format?.rawValue ?? "auto") ?? .auto
        let content = try ImportFile.read(data, format: format, mapping: mapping)
        let tags = q.tag.map { [$0] } ?? []
        let outcome = try await tending.importContent(content, tier: q.tier.flatMap { Tier(rawValue: $0.rawValue) }, tags: tags,
                                                      skipInvalid: q.skipInvalid ?? false, dryRun: q.dryRun ?? false,
                                                      on: try await today(tending))
        return .ok(.init(body: .json(Map.importReport(outcome, dryRun: q.dryRun ?? false))))
    }

    func exportBackup(_ input: Operations.ExportBackup.Input) async throws -> Operations.ExportBackup.Output {
        let tending = try tending()
        let data = try await tending.backup().encoded()
        let payload = try JSONDecoder().decode(Operations.ExportBackup.Output.Ok.Body.JsonPayload.self, from: data)
        return .ok(.init(body: .json(payload)))
    }

    func exportContacts(_ input: Operations.ExportContacts.Input) async throws -> Operations.ExportContacts.Output {
        let tending = try tending()
        let q = input.query
        let people = q.person ?? []
        for id in people { try await requirePerson(PersonID(id), tending, field: "person") }
        let selection = ExportSelection(tier: q.tier.flatMap { Tier(rawValue: $0.rawValue) }, tag: q.tag,
                                        people: people.map { .id(PersonID($0)) }, includeArchived: q.tier == nil && q.tag == nil)
        let (text, _) = try await tending.vCards(selection, version: q.version == ._3_0 ? .v3 : .v4)
        return .ok(.init(body: .textVcard(HTTPBody(text))))
    }

    func exportCalendar(_ input: Operations.ExportCalendar.Input) async throws -> Operations.ExportCalendar.Output {
        let tending = try tending()
        let text = try await tending.calendar(on: try await today(tending), now: now())
        return .ok(.init(body: .textCalendar(HTTPBody(text))))
    }
}
