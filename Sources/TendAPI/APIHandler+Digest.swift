import Foundation
import OpenAPIRuntime
import TendCore
import TendServices
import TendStore

extension APIHandler {
    func getDigestSettings(_ input: Operations.GetDigestSettings.Input) async throws -> Operations.GetDigestSettings.Output {
        let tending = try tending()
        return .ok(.init(body: .json(try await digestSettings(try await tending.digestSchedule(), tending, secret: nil))))
    }

    func setDigestSettings(_ input: Operations.SetDigestSettings.Input) async throws -> Operations.SetDigestSettings.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the settings as JSON.") }
        var schedule = try await tending.digestSchedule()
        if let f = body.frequency { schedule.frequency = DigestSchedule.Frequency(rawValue: f.rawValue) ?? schedule.frequency }
        if let w = body.weekday { schedule.weekday = w }
        if let time = body.time {
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]) else {
                throw APIProblem.invalid("time is HH:MM (07:30), not '\(time)'.", field: "time")
            }
            schedule.hour = h
            schedule.minute = m
        }
        if let v = body.sendEmpty { schedule.sendEmpty = v }
        if let v = body.email { schedule.email = v }
        if let v = body.emailTo { schedule.emailTo = v }
        if let v = body.ntfyUrl { schedule.ntfyURL = v }
        if let v = body.ntfyPriority { schedule.ntfyPriority = v }
        if let v = body.webhookUrl { schedule.webhookURL = v }
        let token: Tending.SecretChange = body.ntfyToken.map { $0.trimmed.isEmpty ? .remove : .set($0) } ?? .keep
        let saved = try await scheduler.saveSchedule(schedule, account: tending.account, ntfyToken: token,
                                                     renewWebhookSecret: body.renewWebhookSecret ?? false, now: now())
        return .ok(.init(body: .json(try await digestSettings(saved.schedule, tending, secret: saved.webhookSecret))))
    }

    func listDeliveries(_ input: Operations.ListDeliveries.Input) async throws -> Operations.ListDeliveries.Output {
        let tending = try tending()
        let log = try await tending.deliveryLog(limit: try limit(input.query.limit))
        return .ok(.init(body: .json(.init(items: log.map { d in
            Components.Schemas.Delivery(channel: .init(rawValue: d.channel.rawValue) ?? .email, purpose: .init(rawValue: d.purpose.rawValue) ?? .digest,
                                        date: d.day?.description, status: .init(rawValue: d.status.rawValue) ?? .sending, attempts: d.attempts,
                                        reason: d.reason, updatedAt: d.updatedAt)
        }))))
    }

    private func digestSettings(_ s: DigestSchedule, _ tending: Tending, secret: String?) async throws -> Components.Schemas.DigestSettings {
        let next = try await scheduler.nextDigest(account: tending.account)
        return .init(frequency: .init(rawValue: s.frequency.rawValue) ?? .off, weekday: s.weekday, time: String(format: "%02d:%02d", s.hour, s.minute),
                     sendEmpty: s.sendEmpty, email: s.email, emailTo: s.emailTo, ntfyUrl: s.ntfyURL, ntfyPriority: s.ntfyPriority,
                     hasNtfyToken: s.ntfyToken != nil, webhookUrl: s.webhookURL, webhookSecret: secret,
                     next: next.map { .init(date: $0.day.description, at: $0.at) })
    }
}
