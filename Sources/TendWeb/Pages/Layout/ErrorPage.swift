import Hummingbird

/// The page for an error (`error.mustache`): a heading for its kind, and what went wrong.
struct ErrorPage: PageModel {
    var csrf = ""
    var heading: String
    var message: String

    init(status: HTTPResponse.Status, message: String) {
        heading = switch status.code {
        case 404: "Not found"
        case 403: "Not allowed"
        case 413: "Too large"
        case 429: "Slow down"
        case 400..<500: "That didn't work"
        default: "Something went wrong"
        }
        self.message = message
    }
}
