/// The sign-in and sign-up pages (`login.mustache`, `signup.mustache`).
struct SignInPage: PageModel {
    var csrf = ""
    var problem: String?
    var email = ""
    /// Where to go after signing in: a path on this site.
    var next = ""
    var signUpOpen = false
}
