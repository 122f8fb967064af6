import Foundation
import Hummingbird
import OpenAPIRuntime
import TendCore
import TendServices
import TendStore

/// Mail capture through the API: the rules, the mailboxes, an mbox streamed in, and the Captured review — each a thin
/// shell over `Mailboxes` and `Tending`, as Settings → Mail and `tend mail` are.
extension APIHandler {
    func getMailSettings(_ input: Operations.GetMailSettings.Input) async throws -> Operations.GetMailSettings.Output {
        .ok(.init(body: .json(Self.mailSettings(try await tending().captureSettings()))))
    }

    func setMailSettings(_ input: Operations.SetMailSettings.Input) async throws -> Operations.SetMailSettings.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the settings as JSON.") }
        var s = try await tending.captureSettings()
        if let v = body.addresses { s.addresses = v }
        if let v = body.maxRecipients { s.maxRecipients = v }
        if let v = body.replyAfterDays { s.replyAfterDays = v }
        if let v = body.keepSubjects { s.keepSubjects = v }
        if let v = body.windowDays { s.windowDays = v }
        if let v = body.pollMinutes { s.pollMinutes = v }
        return .ok(.init(body: .json(Self.mailSettings(try await tending.saveCaptureSettings(s)))))
    }

    func listMailboxes(_ input: Operations.ListMailboxes.Input) async throws -> Operations.ListMailboxes.Output {
        let tending = try tending()
        let boxes = try await mailboxService().list(account: tending.account)
        return .ok(.init(body: .json(.init(items: boxes.map { Self.mailbox($0.mailbox, folders: $0.folders, messages: $0.messages) }))))
    }

    func connectMailbox(_ input: Operations.ConnectMailbox.Input) async throws -> Operations.ConnectMailbox.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the login as JSON.") }
        let (login, folders) = Self.login(body)
        let boxes = try mailboxService()
        let (mailbox, probe) = try await Self.mailServer { try await boxes.connect(login, folders: folders, account: tending.account, now: now()) }
        return .created(.init(body: .json(.init(mailbox: Self.mailbox(mailbox, folders: [], messages: 0), found: Self.probe(probe)))))
    }

    func testMailbox(_ input: Operations.TestMailbox.Input) async throws -> Operations.TestMailbox.Output {
        _ = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the login as JSON.") }
        let (login, folders) = Self.login(body)
        let boxes = try mailboxService()
        return .ok(.init(body: .json(Self.probe(try await Self.mailServer { try await boxes.test(login, folders: folders) }))))
    }

    func forgetMailbox(_ input: Operations.ForgetMailbox.Input) async throws -> Operations.ForgetMailbox.Output {
        let tending = try tending()
        let removed = try await mailboxService().forget(MailboxID(input.path.mailboxId), account: tending.account)
        return .ok(.init(body: .json(.init(touchesRemoved: removed))))
    }

    func syncMailbox(_ input: Operations.SyncMailbox.Input) async throws -> Operations.SyncMailbox.Output {
        let tending = try tending()
        switch try await mailboxService().readNow(MailboxID(input.path.mailboxId), account: tending.account, now: now()) {
        case .success(let report): return .ok(.init(body: .json(Self.report(report))))
        case .failure(let f) where f == MailboxFailure.busy: throw APIProblem(status: .conflict, detail: f.message.capitalizedFirst + ".")
        case .failure(let f): throw APIProblem(status: .badGateway, detail: f.message.capitalizedFirst + " (read again with backoff).")
        }
    }

    func importMbox(_ input: Operations.ImportMbox.Input) async throws -> Operations.ImportMbox.Output {
        let tending = try tending()
        let body: HTTPBody
        switch input.body {
        case .applicationMbox(let b), .binary(let b): body = b
        }
        var capturer = try await MailCapturer(tending: tending, source: "mbox", extraAddresses: input.query.me ?? [],
                                              dryRun: input.query.dryRun ?? false, now: now())
        var chunks = body.makeAsyncIterator()
        let report = try await capturer.captureMbox(read: {
            do {
                guard let chunk = try await chunks.next() else { return nil }
                return Array(chunk)
            } catch let e as HTTPError where e.status == .requestTimeout {
                // The batches read before the pause are kept: sending the file again adds only the rest.
                throw APIProblem(status: .requestTimeout, detail: (e.body ?? "The upload stopped.") + " What arrived before is kept; send the file again for the rest.")
            }
        })
        return .ok(.init(body: .json(Self.report(report))))
    }

    func listCaptured(_ input: Operations.ListCaptured.Input) async throws -> Operations.ListCaptured.Output {
        let tending = try tending()
        let days = input.query.days ?? 30
        guard (1...365).contains(days) else { throw APIProblem.badRequest("days is between 1 and 365, not \(days).", field: "days") }
        let captured = try await tending.captured(today: try await today(tending), days: days)
        return .ok(.init(body: .json(.init(
            items: captured.touches.map { c in
                .init(touch: Map.touch(c.touch), names: c.names, source: c.touch.captured?.source ?? "",
                      reviewed: c.touch.captured?.reviewed ?? true)
            },
            unreviewed: captured.unreviewed,
            toAdd: captured.toAdd.map { .init(address: $0.address, name: $0.name, messages: $0.messages, lastOn: $0.lastOn.description) }))))
    }

    func confirmCaptured(_ input: Operations.ConfirmCaptured.Input) async throws -> Operations.ConfirmCaptured.Output {
        let tending = try tending()
        return .ok(.init(body: .json(.init(confirmed: try await tending.confirmCaptured(today: try await today(tending))))))
    }

    func reviewCaptured(_ input: Operations.ReviewCaptured.Input) async throws -> Operations.ReviewCaptured.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the intent as JSON.") }
        let intent: Intent
        do { intent = try Intent.parse(body.intent.rawValue) } catch { throw APIProblem.invalid(error.description.capitalizedFirst + ".", field: "intent") }
        do {
            return .ok(.init(body: .json(Map.touch(try await tending.reviewCaptured(TouchID(input.path.touchId), intent: intent)))))
        } catch TendError.noSuchTouch(let id) {
            throw APIProblem.notFound("No captured touch \(id).")
        }
    }

    func addCorrespondent(_ input: Operations.AddCorrespondent.Input) async throws -> Operations.AddCorrespondent.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the correspondent as JSON.") }
        let day = try await today(tending)
        let person = try await tending.addCorrespondent(body.address, name: body.name, on: day)
        return .created(.init(body: .json(try await detail(person.id, tending, day))))
    }

    func dismissCorrespondent(_ input: Operations.DismissCorrespondent.Input) async throws -> Operations.DismissCorrespondent.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the correspondent as JSON.") }
        guard MailCapture.isAddress(body.address.trimmed.lowercased()) else {
            throw APIProblem.invalid("“\(body.address)” is not an email address.", field: "address")
        }
        try await tending.dismissCorrespondent(body.address)
        return .noContent(.init())
    }

    // MARK: Helpers

    /// The mailboxes, where this server reads mail.
    private func mailboxService() throws -> Mailboxes {
        guard let mailboxes else { throw APIProblem.notFound("Mail capture is not set up on this server.") }
        return mailboxes
    }

    /// Runs a step that talks to the mail server: its failure is the server's, a 502 that says why.
    private static func mailServer<T>(_ step: () async throws -> T) async throws -> T {
        do { return try await step() } catch let f as MailboxFailure {
            throw APIProblem(status: .badGateway, detail: f.message.capitalizedFirst + ".")
        }
    }

    private static func login(_ b: Components.Schemas.MailboxLogin) -> (MailboxLogin, [String]) {
        let security = Mailbox.Security(rawValue: b.security?.rawValue ?? "tls") ?? .tls
        return (MailboxLogin(host: b.host, port: b.port, security: security, username: b.username, password: b.password), b.folders ?? [])
    }

    static func mailSettings(_ s: CaptureSettings) -> Components.Schemas.MailSettings {
        .init(addresses: s.addresses, maxRecipients: s.maxRecipients, replyAfterDays: s.replyAfterDays, keepSubjects: s.keepSubjects,
              windowDays: s.windowDays, pollMinutes: s.pollMinutes)
    }

    static func probe(_ p: MailboxProbe) -> Components.Schemas.MailboxProbe {
        .init(folders: p.folders.map { .init(name: $0.name, role: .init(rawValue: $0.role.rawValue) ?? .other, messages: $0.messages) },
              summary: p.summary)
    }

    static func mailbox(_ m: Mailbox, folders: [MailboxFolder], messages: Int) -> Components.Schemas.Mailbox {
        .init(id: m.id.rawValue, host: m.host, port: m.port, security: .init(rawValue: m.security.rawValue) ?? .tls, username: m.username,
              folders: m.folders, createdAt: m.createdAt, nextPollAt: m.nextPollAt, failures: m.failures, lastError: m.lastError,
              lastPolledAt: m.lastPolledAt, lastSuccessAt: m.lastSuccessAt, progress: m.progress, messagesRead: messages,
              read: folders.map { .init(name: $0.name, role: .init(rawValue: $0.role.rawValue) ?? .other, lastUid: $0.lastUID, messages: $0.messages) })
    }

    static func report(_ r: CaptureReport) -> Components.Schemas.CaptureReport {
        .init(messages: r.messages, alreadyRead: r.alreadyRead, sent: r.sent, touches: r.touches, asks: r.asks, moments: r.moments,
              received: r.received, unknown: r.unknown, skipped: .init(additionalProperties: r.skipped), summary: r.summary)
    }
}
