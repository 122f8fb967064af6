import Foundation
import TendCore
import TendInterop
import TendMail
import TendServices
import TendStore

/// Mailboxes read over IMAP: the folders to read found by SPECIAL-USE (RFC 6154) or their usual names, each read
/// from where the last sync stopped, its headers only, a batch per transaction.
public struct IMAPMailboxReader: MailboxReader {
    /// Trusts this certificate authority instead of the system's (the tests' Dovecot, a private server).
    public var trustedCAFile: String?
    /// Seconds for connecting and for each response.
    public var timeout: Int
    /// Messages fetched and captured at a time.
    public var batch: Int

    public init(trustedCAFile: String? = nil, timeout: Int = 30, batch: Int = 250) {
        self.trustedCAFile = trustedCAFile
        self.timeout = timeout
        self.batch = batch
    }

    func configuration(_ login: MailboxLogin) -> IMAPConfiguration {
        IMAPConfiguration(host: login.host, port: login.port, security: login.security == .tls ? .tls : .starttls,
                          username: login.username, password: login.password, trustedCAFile: trustedCAFile, timeout: timeout)
    }

    func connect(_ login: MailboxLogin) async throws -> IMAPSession {
        do { return try await IMAPSession.connect(configuration(login)) } catch { throw MailboxFailure(error.message) }
    }

    public func probe(_ login: MailboxLogin, folders: [String]) async throws -> MailboxProbe {
        let session = try await connect(login)
        do {
            var found: [MailboxProbe.Folder] = []
            for f in try await choose(folders, in: session) {
                let status = try await session.examine(f.info.name)
                found.append(MailboxProbe.Folder(name: f.info.displayName, role: f.role, messages: status.exists))
            }
            await session.logout()
            return MailboxProbe(folders: found)
        } catch let e as IMAPError {
            await session.close()
            throw MailboxFailure(e.message)
        } catch {
            await session.close()
            throw error
        }
    }

    public func sync(_ mailbox: Mailbox, password: String, capturer: MailCapturer, now: Date,
                     progress: @escaping @Sendable (String) async -> Void) async throws -> CaptureReport {
        var capturer = capturer
        let login = MailboxLogin(host: mailbox.host, port: mailbox.port, security: mailbox.security, username: mailbox.username, password: password)
        let session = try await connect(login)
        let id = mailbox.id
        do {
            let stored = Dictionary(try await capturer.tending.mailboxFolders(id).map { ($0.name, $0) },
                                    uniquingKeysWith: { a, _ in a })
            let since = now.addingTimeInterval(-Double(capturer.settings.windowDays) * 86_400)
            for f in try await choose(mailbox.folders, in: session) {
                let status = try await session.examine(f.info.name)
                let prior = stored[f.info.name]
                // A new UIDVALIDITY means the folder's UIDs mean something else now: read it again (what was read is known by key).
                let after = prior.map { $0.uidValidity == status.uidValidity ? $0.lastUID : 0 } ?? 0
                let uids = try await session.search(since: since, after: after)
                var done = 0
                var start = 0
                repeat {
                    let chunk = Array(uids[start..<min(uids.count, start + batch)])
                    start += batch
                    let headers = try await session.fetch(chunk).map(Self.header)
                    let state = MailboxFolder(name: f.info.name, role: f.role, uidValidity: status.uidValidity,
                                              lastUID: max(after, chunk.max() ?? after), messages: status.exists)
                    try await capturer.capture(headers) { s in try await s.capture.save(state, of: id) }
                    done += chunk.count
                    if !uids.isEmpty { await progress("\(f.info.displayName): \(done.formatted()) of \(uids.count.formatted()) messages read") }
                } while start < uids.count
            }
            await session.logout()
            return capturer.report
        } catch let e as IMAPError {
            await session.close()
            throw MailboxFailure(e.message)
        } catch {
            await session.close()
            throw error
        }
    }

    struct Chosen {
        var info: IMAPFolderInfo
        var role: MailboxFolder.Role
    }

    /// The names Sent folders have where the server marks none `\Sent`.
    static let sentNames = ["sent", "sent items", "sent messages", "sent mail", "[gmail]/sent mail", "inbox.sent", "inbox/sent",
                            "gesendet", "gesendete elemente", "gesendete objekte", "envoyés", "éléments envoyés", "enviados",
                            "elementos enviados", "inviata", "posta inviata", "verzonden", "verzonden items", "skickat", "wysłane"]

    /// The chosen folders, or INBOX and the Sent folder.
    func choose(_ names: [String], in session: IMAPSession) async throws -> [Chosen] {
        let all = try await session.list().filter(\.selectable)
        func role(_ f: IMAPFolderInfo) -> MailboxFolder.Role {
            if f.attributes.contains("\\sent") { return .sent }
            if f.name.uppercased() == "INBOX" { return .inbox }
            return Self.sentNames.contains(f.displayName.lowercased()) ? .sent : .other
        }
        if !names.isEmpty {
            return try names.map { wanted in
                guard let f = all.first(where: { $0.name == wanted }) ?? all.first(where: { $0.displayName.lowercased() == wanted.lowercased() }) else {
                    let shown = all.prefix(30).map(\.displayName).joined(separator: ", ")
                    throw MailboxFailure("the folder “\(wanted)” does not exist on \(session.configuration.host); it has: \(shown)")
                }
                return Chosen(info: f, role: role(f))
            }
        }
        var out: [Chosen] = []
        let sent = all.first { $0.attributes.contains("\\sent") }
            ?? Self.sentNames.lazy.compactMap { n in all.first { $0.displayName.lowercased() == n } }.first
        if let sent { out.append(Chosen(info: sent, role: .sent)) }
        if let inbox = all.first(where: { $0.name.uppercased() == "INBOX" }) { out.append(Chosen(info: inbox, role: .inbox)) }
        guard !out.isEmpty else { throw MailboxFailure("\(session.configuration.host) has neither an INBOX nor a Sent folder; name the folders to read") }
        return out
    }

    /// What capture reads of a fetched message: its envelope, and the header fields asked for.
    static func header(_ m: IMAPFetched) -> MailHeader {
        let fields = MailHeaders.fields(m.headerFields)
        func first(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        func parties(_ list: [IMAPEnvelope.Address]?) -> [MailParty] {
            (list ?? []).filter { !$0.mailbox.isEmpty && !$0.host.isEmpty }.map { MailParty(name: MailHeaders.decodeWords($0.name), address: $0.address) }
        }
        let e = m.envelope
        return MailHeader(messageID: e?.messageID.flatMap(MailHeaders.messageID), date: e?.date.flatMap(MailHeaders.date) ?? m.internalDate,
                          from: parties(e?.from), to: parties(e?.to), cc: parties(e?.cc), bcc: parties(e?.bcc),
                          subject: e?.subject.map(MailHeaders.decodeWords) ?? "", listID: first("list-id"),
                          listUnsubscribe: first("list-unsubscribe"), precedence: first("precedence"), autoSubmitted: first("auto-submitted"))
    }
}
