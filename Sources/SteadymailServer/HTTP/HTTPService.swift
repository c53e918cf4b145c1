import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// The HTTP API listener (`http.listen`), run as one service of the node's service group.
///
/// It exists so that HTTP shares start-up and graceful shutdown with SMTP intake: routes are registered here (each
/// area's from its own routes file, such as `TraceRoutes` and `SendRoutes`), every answer goes through `APIErrorMiddleware`, and idle
/// connections are closed after `http.idle_timeout`.
enum HTTPService {
    static func make(
        _ configuration: HTTPConfiguration, store: any QueueStore, relays: any RelayControl,
        operations: QueueOperations, health: HealthRoutes, send: SendService, webhooks: WebhookSubscriptions,
        monitors: any MonitorControl, status: any StatusSource, maintenance: MaintenanceOperations,
        sla: any SLAReporting, templates: Templates, audience: Audience, campaigns: CampaignOperations,
        logger: Logger
    ) -> some Service {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: logger))
        health.register(on: router)
        StatusRoutes(source: status).register(on: router)
        router.get("openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        let api = router.group("v1").add(middleware: APIKeyAuthenticator(keys: APIKeys(store: store)))
        TraceRoutes(store: store).register(on: api)
        QueueRoutes(store: store, operations: operations).register(on: api)
        RelayRoutes(relays: relays).register(on: api)
        SendRoutes(service: send, maxRequestSize: configuration.maxRequestSize).register(on: api)
        WebhookRoutes(subscriptions: webhooks).register(on: api)
        MonitorRoutes(monitors: monitors).register(on: api)
        SLARoutes(sla: sla).register(on: api)
        IncidentRoutes(incidents: Incidents(store: store)).register(on: api)
        MaintenanceRoutes(maintenance: maintenance).register(on: api)
        TemplateRoutes(templates: templates).register(on: api)
        AudienceRoutes(audience: audience).register(on: api)
        SuppressionRoutes(audience: audience).register(on: api)
        CampaignRoutes(campaigns: campaigns).register(on: api)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout.timeAmount)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listen.host, port: configuration.listen.port), serverName: nil),
            logger: logger)
    }

    /// The public listener (`http.public_listen`): the status page, the links recipients follow
    /// (`ConfirmationRoutes`, `UnsubscribeRoutes`, the open pixel and click links of `TrackingRoutes`) and the
    /// providers' feedback webhooks (`ProviderWebhookRoutes`), and nothing else, so that exposing it to the internet
    /// exposes neither the API, nor metrics, nor health, nor the API document.
    static func makePublic(
        _ configuration: HTTPConfiguration, address: ListenAddress, status: any StatusSource,
        confirmations: SubscriptionConfirmations, unsubscriptions: Unsubscriptions, tracking: TrackingRoutes,
        providers: ProviderWebhooks,
        logger: Logger
    ) -> some Service {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: logger))
        StatusRoutes(source: status).register(on: router)
        ConfirmationRoutes(confirmations: confirmations).register(on: router)
        UnsubscribeRoutes(unsubscriptions: unsubscriptions).register(on: router)
        tracking.register(on: router)
        ProviderWebhookRoutes(webhooks: providers).register(on: router)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout.timeAmount)),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: nil),
            logger: logger)
    }

    static func jsonResponse(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let body = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
