import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime
import TendCore
import TendInterop
import TendServices
import TendStore

/// An error the API answers with an `application/problem+json` body (RFC 9457).
struct APIProblem: Error, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    var field: String?
    var problems: [String]?
    var headers: HTTPFields = [:]

    static func badRequest(_ detail: String, field: String? = nil) -> APIProblem {
        APIProblem(status: .badRequest, detail: detail, field: field)
    }

    static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: .notFound, detail: detail)
    }

    static func invalid(_ detail: String, field: String?) -> APIProblem {
        APIProblem(status: .unprocessableContent, detail: detail, field: field)
    }

    /// The problem document.
    func body() -> Data {
        var object: [String: Any] = ["type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail]
        if let field { object["field"] = field }
        if let problems { object["problems"] = problems }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// The problem as a router's response, for answers given before an operation runs.
    func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: body())))
    }

}

extension APIProblem {
    /// What any error means to an API client. Errors the client cannot cause are logged and
    /// answered with a 500 that says nothing of the server's insides.
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let p as APIProblem:
            self = p
        case let e as TendError:
            self = Self(e)
        case let e as ImportFileError:
            self = .invalid(e.message.prefix(1).uppercased() + e.message.dropFirst() + ".", field: "body")
        case let e as ValidationError:
            self = .invalid(e.message, field: e.field)
        case let e as VocabularyError:
            self = .invalid(e.description, field: e.kind)
        case let e as DecodingError:
            self = Self(e)
        case let e as StoreError:
            switch e {
            case .notFound(let what): self = .notFound("\(what) not found.")
            case .conflict(let why): self = APIProblem(status: .conflict, detail: why)
            case .corrupt:
                logger.error("API: \(e)")
                self = APIProblem(status: .internalServerError, detail: "Something went wrong on the server; it is logged.")
            }
        case let e as ServerError:
            // The generated server's own errors: a request that does not parse, a content type it
            // does not take. The underlying error says more when it is one of ours.
            if e.underlyingError is APIProblem || e.underlyingError is TendError || e.underlyingError is DecodingError
                || e.underlyingError is ImportFileError || e.underlyingError is StoreError {
                self = Self(e.underlyingError, logger: logger)
            } else if (400..<500).contains(e.httpStatus.code) {
                self = APIProblem(status: e.httpStatus, detail: e.causeDescription + (e.causeDescription.hasSuffix(".") ? "" : "."))
            } else {
                logger.error("API: \(e.operationID) failed: \(e.underlyingError)")
                self = APIProblem(status: .internalServerError, detail: "Something went wrong on the server; it is logged.")
            }
        default:
            logger.error("API: \(error)")
            self = APIProblem(status: .internalServerError, detail: "Something went wrong on the server; it is logged.")
        }
    }

    init(_ e: TendError) {
        let detail = e.description.prefix(1).uppercased() + e.description.dropFirst()
        switch e {
        case .noSuchPerson(let ref): self = .notFound("No person \(ref).")
        case .noSuchMoment(let ref): self = .notFound("No moment \(ref).")
        case .noSuchTouch(let id): self = .notFound("No touch \(id).")
        case .noSuchToken(let id): self = .notFound("No token \(id).")
        case .noSuchNews(let id): self = .notFound("No news \(id).")
        case .noSuchFeed(let id): self = .notFound("No feed \(id).")
        case .noSuchAppPassword(let id): self = .notFound("No app password \(id).")
        case .noSuchMailbox(let id): self = .notFound("No mailbox \(id).")
        case .noSuchCalendar(let id): self = .notFound("No calendar subscription \(id).")
        case .newsDecided: self = APIProblem(status: .conflict, detail: detail + ".")
        case .noSuchSuggestion(let ref, let day): self = .notFound("No suggestion '\(ref)' on the agenda for \(day).")
        case .invalid(let v): self = .invalid(v.message.prefix(1).uppercased() + v.message.dropFirst() + ".", field: v.field)
        case .vocabulary(let v): self = .invalid(detail + ".", field: v.kind)
        case .importProblems(let problems):
            self = .invalid("Nothing was imported: \(problems.count == 1 ? "a record" : "\(problems.count) records") cannot be read. Fix the file, or send skipInvalid=true.", field: "body")
            problems.isEmpty ? () : (self.problems = problems)
        case .importFile(let message): self = .invalid(message, field: "body")
        case .restoreNeedsEmpty, .databaseNotEmpty: self = APIProblem(status: .conflict, detail: detail + ".")
        case .ambiguousPerson, .mergeWithSelf: self = .invalid(detail + ".", field: nil)
        }
    }

    /// A body that does not decode: name the field, in the client's words.
    init(_ e: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let i = key.intValue { return text + "[\(i)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch e {
        case .keyNotFound(let key, let c):
            let field = path(c.codingPath + [key])
            self = .badRequest("\(field) is required.", field: field)
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let field = path(c.codingPath)
            if !field.isEmpty {
                if case .dataCorrupted = e {
                    self = .badRequest("\(field) is not a value it can take: \(c.debugDescription)", field: field)
                } else {
                    self = .badRequest("\(field) has the wrong type.", field: field)
                }
            } else if c.debugDescription.hasPrefix("The given data was not valid JSON") {
                self = .badRequest("The body is not valid JSON.")
            } else if c.debugDescription.contains("Dictionary<String") {
                self = .badRequest("The body is not the JSON object this operation takes.")
            } else {
                // The generated server names no parameter when one does not decode (a path or query value).
                self = .badRequest("A parameter in the address is not a value it can take (\(c.debugDescription)); "
                                   + "/api/openapi.yaml gives each one's type: a number, true or false, a date as YYYY-MM-DD, or one of its words.")
            }
        @unknown default:
            self = .badRequest("The body does not decode.")
        }
    }
}

/// Turns every error of an operation into a problem document; the outermost middleware.
struct ProblemMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let problem = APIProblem(error, logger: logger)
            return Self.response(problem)
        }
    }

    static func response(_ problem: APIProblem) -> (HTTPResponse, HTTPBody?) {
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        return (HTTPResponse(status: problem.status, headerFields: headers), HTTPBody(problem.body()))
    }
}
