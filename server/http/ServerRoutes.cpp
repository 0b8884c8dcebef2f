#include "Services.h"
#include "http/RequestContext.h"
#include "http/Router.h"
#include "nestbox/Sha256.h"
#include "service/ServiceError.h"

#include <Poco/JSON/Array.h>
#include <Poco/Redis/Array.h>

#include "NestboxVersion.h"

namespace nestbox::server {

void registerServerRoutes(Router& router, Services& services)
{
    router.add("GET", "/api/v1/server", [&services](RequestContext& ctx) {
        const ServerConfig& c = services.config;
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("name", c.serverName);
        o->set("version", std::string(kNestboxVersion));
        o->set("api", 1);
        o->set("signup_open", c.signupOpen);
        Poco::JSON::Array::Ptr features = new Poco::JSON::Array;
        for (const char* f : {"chunked_upload", "resumable_upload", "instant_upload", "range_download"})
            features->add(std::string(f));
        if (c.dedupGlobal)
            features->add(std::string("proof_of_possession"));
        if (services.tlsPort > 0)
            features->add(std::string("tls"));
        o->set("features", features);
        // Where HTTPS is served and the certificate's fingerprint, so a client that found the
        // server on loopback or through discovery knows what to expect (and pin) on the TLS port.
        if (services.tlsPort > 0) {
            Poco::JSON::Object::Ptr tls = new Poco::JSON::Object;
            tls->set("port", services.tlsPort);
            tls->set("fingerprint_sha256", services.tlsFingerprint);
            o->set("tls", tls);
        }
        Poco::JSON::Object::Ptr limits = new Poco::JSON::Object;
        limits->set("max_file_size", static_cast<Poco::Int64>(c.limits.maxFileSize));
        limits->set("chunk_size_min", static_cast<Poco::Int64>(c.limits.chunkSizeMin));
        limits->set("chunk_size_max", static_cast<Poco::Int64>(c.limits.chunkSizeMax));
        limits->set("chunk_size_default", static_cast<Poco::Int64>(c.limits.chunkSizeDefault));
        limits->set("max_chunks", static_cast<Poco::Int64>(c.limits.maxChunks));
        o->set("limits", limits);
        ctx.sendJson(200, o);
    });

    router.add("GET", "/healthz", [](RequestContext& ctx) { ctx.sendText(200, "text/plain", "ok\n"); });

    router.add("GET", "/readyz", [&services](RequestContext& ctx) {
        Poco::JSON::Object::Ptr checks = new Poco::JSON::Object;
        std::string failing;
        const auto check = [&](const std::string& part, const std::function<void()>& probe) {
            try {
                probe();
                checks->set(part, "ok");
            } catch (const std::exception&) {
                checks->set(part, "unavailable");
                failing += failing.empty() ? part : ", " + part;
            }
        };
        check("database", [&] { services.db->ping(); });
        if (services.redis)
            check("redis", [&] {
                Poco::Redis::Array ping;
                ping << "PING";
                services.redis->run(ping);
            });
        check("storage", [&] { services.store->exists(std::string(64, '0')); });
        if (!failing.empty()) {
            Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
            inner->set("code", "unavailable");
            inner->set("message", "not ready: " + failing);
            inner->set("checks", checks);
            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
            body->set("error", inner);
            ctx.sendJson(503, body);
            return;
        }
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("status", "ready");
        body->set("checks", checks);
        ctx.sendJson(200, body);
    });

    router.add("GET", "/metrics", [&services](RequestContext& ctx) {
        const ServerConfig& c = services.config;
        if (!c.metricsEnabled)
            throw ServiceError(ErrorCode::NotFound, "no such resource");
        if (!c.metricsToken.empty()) {
            const std::string header = ctx.request.get("Authorization", "");
            if (!constantTimeEquals(header, "Bearer " + c.metricsToken))
                throw ServiceError(ErrorCode::Unauthorized, "metrics need the metrics token");
        }
        const std::string text = services.metrics.render([&](std::string& out) {
            try {
                const auto counts = services.uploads.countByState();
                out += "# HELP nestbox_uploads_unfinished Uploads started and not complete.\n"
                       "# TYPE nestbox_uploads_unfinished gauge\n"
                       "nestbox_uploads_unfinished " + std::to_string(counts) + "\n";
                out += "# HELP nestbox_jobs Background jobs by state (pending is the queue depth).\n"
                       "# TYPE nestbox_jobs gauge\n";
                for (const auto& [state, count] : services.jobs.countByState())
                    out += "nestbox_jobs{state=\"" + state + "\"} " + std::to_string(count) + "\n";
                out += "# HELP nestbox_queue_depth Jobs waiting in the transport (" + services.jobTransport->describe()
                    + ").\n# TYPE nestbox_queue_depth gauge\nnestbox_queue_depth "
                    + std::to_string(services.jobTransport->depth()) + "\n";
                out += "# HELP nestbox_queue_dead_letters Jobs in the transport's dead-letter place.\n"
                       "# TYPE nestbox_queue_dead_letters gauge\nnestbox_queue_dead_letters "
                    + std::to_string(services.jobTransport->deadCount()) + "\n";
                out += "# HELP nestbox_thumbnails Stored contents by thumbnail state.\n"
                       "# TYPE nestbox_thumbnails gauge\n";
                for (const auto& [state, count] : services.files.countMediaStates())
                    out += "nestbox_thumbnails{state=\"" + state + "\"} " + std::to_string(count) + "\n";
            } catch (const std::exception&) {
                out += "# database unavailable: upload and job gauges skipped\n";
            }
        });
        ctx.sendText(200, "text/plain; version=0.0.4", text);
    });
}

} // namespace nestbox::server
