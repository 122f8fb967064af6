/// The stylesheet and script (`Assets/app.css`, `Assets/app.js`), served from the binary: no CDN, nothing to install.
enum Assets {
    static let css = String(decoding: PackageResources.app_css, as: UTF8.self)
    static let js = String(decoding: PackageResources.app_js, as: UTF8.self)
}
