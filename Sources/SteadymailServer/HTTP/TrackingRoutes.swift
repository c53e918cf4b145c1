import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SteadymailStorage

/// `GET /t/o/{token}` (the open pixel) and `GET /t/c/{token}` (a click) on the public listener.
///
/// It exists to count opens and clicks without ever becoming an open redirect. The pixel answers a 1×1 transparent
/// GIF that nothing may cache, so each showing counts; a click answers 302 to the target the store holds for the
/// token's link id, and only when that link belongs to the token's campaign. The target is never read from the
/// request: a query such as `?url=` is ignored entirely. A forged, edited or wrong-purpose token, an unknown link or a
/// link of another campaign gets a small 400 page and no `Location`. Hits go to `EngagementRecorder` and the answer
/// does not wait for their write.
struct TrackingRoutes: Sendable {
    let links: TrackingLinks
    let store: any EngagementStore
    let recorder: EngagementRecorder

    /// A transparent 1×1 GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
        0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.get("t/o/:token") { _, context -> Response in
            guard let hit = open(context.parameters.get("token") ?? "", now: Date()) else { return Self.invalid() }
            await recorder.record(hit)
            var headers = HTTPFields()
            headers[.contentType] = "image/gif"
            headers[.cacheControl] = "no-store, no-cache, must-revalidate, max-age=0"
            headers[.expires] = "0"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.pixel)))
        }
        router.get("t/c/:token") { _, context -> Response in
            guard let (hit, target) = try await click(context.parameters.get("token") ?? "", now: Date()) else {
                return Self.invalid()
            }
            await recorder.record(hit)
            var headers = HTTPFields()
            headers[.location] = Self.location(target)
            headers[.cacheControl] = "no-store"
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
            return Response(status: .found, headers: headers)
        }
    }

    /// The open a pixel token counts; nil unless it is a genuine open token.
    func open(_ token: String, now: Date) -> EngagementHit? {
        guard let open = try? links.verifyOpen(token, now: now) else { return nil }
        return EngagementHit(campaignID: open.campaignID, subscriberID: open.subscriberID, kind: .open, at: now)
    }

    /// The click a token counts and the stored target it leads to; nil unless the token is a genuine click token
    /// and names a stored link of its own campaign.
    func click(_ token: String, now: Date) async throws -> (EngagementHit, String)? {
        guard let click = try? links.verifyClick(token, now: now),
            let link = try await store.campaignLink(id: click.linkID), link.campaignID == click.campaignID
        else { return nil }
        let hit = EngagementHit(
            campaignID: click.campaignID, subscriberID: click.subscriberID, kind: .click, linkID: click.linkID, at: now)
        return (hit, link.url)
    }

    /// A stored target as a `Location` value: bytes that a header cannot carry as they are (controls, space,
    /// non-ASCII) are percent-encoded, as a browser would send them.
    static func location(_ url: String) -> String {
        var value = ""
        for byte in url.utf8 {
            if byte > 0x20, byte < 0x7F {
                value.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                value += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return value
    }

    /// The answer to any link that is not genuine: it says nothing about why.
    static func invalid() -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
            <title>Invalid link</title></head>
            <body><h1>Invalid link</h1><p>This link is not valid.</p></body></html>
            """
        var headers = StatusRoutes.headers(contentType: "text/html; charset=utf-8")
        headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .badRequest, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(width - count, 0)) + self
    }
}
