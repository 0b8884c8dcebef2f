#include "config/ServerConfig.h"

#include "tls/TlsCertificate.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cstdlib>

namespace nestbox::server {

namespace {

// A secret may be given as `<key>_file`: the first line of that file is the value.
std::string secret(const Poco::Util::AbstractConfiguration& config, const std::string& key)
{
    if (config.hasProperty(key + "_file")) {
        Poco::FileInputStream in(config.getString(key + "_file"));
        std::string line;
        std::getline(in, line);
        return line;
    }
    return config.getString(key, "");
}

std::int64_t positive(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                      std::int64_t fallback, std::int64_t minimum = 1)
{
    const std::int64_t value = config.getInt64(key, fallback);
    if (value < minimum)
        throw Poco::InvalidArgumentException("configuration key " + key + " must be at least "
                                             + std::to_string(minimum));
    return value;
}

} // namespace

std::string ServerConfig::defaultDataDir()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return Poco::Path(xdg).append("nestbox/server").toString();
    return Poco::Path::home() + ".local/share/nestbox/server";
}

ServerConfig ServerConfig::load(const Poco::Util::AbstractConfiguration& config)
{
    ServerConfig c;
    c.dataDir = config.getString("data.dir", defaultDataDir());
    c.dbUrl = config.getString(
        "db.url", "sqlite://" + Poco::Path(c.dataDir).makeDirectory().append("nestbox.db").toString());
    c.dbPassword = secret(config, "db.password");
    // Every request thread and background worker may hold a connection at once: a smaller pool
    // would turn a busy moment into 503s.
    c.httpThreads = static_cast<int>(positive(config, "http.threads", c.httpThreads));
    c.jobWorkers = static_cast<int>(positive(config, "jobs.workers", c.jobWorkers));
    c.dbPoolSize = static_cast<int>(positive(config, "db.pool_size", c.httpThreads + c.jobWorkers + 8));
    c.storageUrl = config.getString("storage.url", "");
    if (!c.storageUrl.empty() && c.storageUrl.rfind("file://", 0) != 0 && c.storageUrl.rfind("s3://", 0) != 0)
        throw Poco::InvalidArgumentException("storage.url must start with file:// or s3://");
    c.storageAccessKey = secret(config, "storage.access_key");
    c.storageSecretKey = secret(config, "storage.secret_key");
    c.redisUrl = config.getString("redis.url", "");
    c.redisPassword = secret(config, "redis.password");

    c.httpHost = config.getString("http.host", c.httpHost);
    c.httpPort = static_cast<int>(positive(config, "http.port", c.httpPort, 0));
    if (c.httpPort > 65535)
        throw Poco::InvalidArgumentException("http.port must be at most 65535");
    c.httpPortFile = config.getString("http.port_file", "");
    c.httpQueue = static_cast<int>(positive(config, "http.queue", c.httpQueue));
    c.httpTimeoutSeconds = static_cast<int>(positive(config, "http.timeout_seconds", c.httpTimeoutSeconds));
    c.httpKeepAliveSeconds = static_cast<int>(positive(config, "http.keepalive_seconds", c.httpKeepAliveSeconds));
    c.maxUriLength = static_cast<std::size_t>(positive(config, "http.max_uri_length", 4096, 64));
    c.maxJsonBytes = static_cast<std::size_t>(positive(config, "http.max_json_bytes", 1 << 20, 1024));

    c.serverName = config.getString("server.name", ("Nestbox on " + TlsCertificate::hostname()).substr(0, 63));
    if (c.serverName.empty() || c.serverName.size() > 63)
        throw Poco::InvalidArgumentException("server.name must have 1 to 63 bytes (a DNS-SD instance name)");
    c.role = config.getString("server.role", c.role);
    if (c.role != "all" && c.role != "api" && c.role != "worker")
        throw Poco::InvalidArgumentException("server.role must be all, api or worker");
    c.signupOpen = config.getBool("signup.open", c.signupOpen);

    c.tokenIdleSeconds = positive(config, "auth.token_idle_seconds", c.tokenIdleSeconds);
    c.tokenAbsoluteSeconds = positive(config, "auth.token_absolute_seconds", c.tokenAbsoluteSeconds);
    c.argon2MemoryKib = static_cast<std::uint32_t>(positive(config, "auth.argon2_memory_kib", c.argon2MemoryKib, 8));
    c.argon2Iterations = static_cast<std::uint32_t>(positive(config, "auth.argon2_iterations", c.argon2Iterations));
    c.loginMaxFailuresAccount = static_cast<int>(positive(config, "auth.login_max_failures_account", c.loginMaxFailuresAccount));
    c.loginMaxFailuresAddress = static_cast<int>(positive(config, "auth.login_max_failures_address", c.loginMaxFailuresAddress));
    c.loginWindowSeconds = static_cast<int>(positive(config, "auth.login_window_seconds", c.loginWindowSeconds));

    c.limits.maxFileSize = positive(config, "limits.max_file_size", c.limits.maxFileSize, 0);
    c.limits.chunkSizeMin = positive(config, "limits.chunk_size_min", c.limits.chunkSizeMin);
    c.limits.chunkSizeMax = positive(config, "limits.chunk_size_max", c.limits.chunkSizeMax);
    c.limits.chunkSizeDefault = positive(config, "limits.chunk_size_default", c.limits.chunkSizeDefault);
    c.limits.maxChunks = positive(config, "limits.max_chunks", c.limits.maxChunks);
    if (c.limits.chunkSizeMax < c.limits.chunkSizeMin)
        throw Poco::InvalidArgumentException("limits.chunk_size_max is below limits.chunk_size_min");

    c.defaultQuotaBytes = positive(config, "quota.default_bytes", 0, 0);
    c.uploadExpirySeconds = positive(config, "uploads.expiry_seconds", c.uploadExpirySeconds);
    c.uploadCleanupIntervalSeconds = positive(config, "uploads.cleanup_interval_seconds", c.uploadCleanupIntervalSeconds);
    const std::string scope = config.getString("dedup.scope", "global");
    if (scope != "global" && scope != "user")
        throw Poco::InvalidArgumentException("dedup.scope must be global or user");
    c.dedupGlobal = scope == "global";

    c.thumbnailer = config.getString("thumbnails.thumbnailer", "");
    c.thumbnailMaxPixels = positive(config, "thumbnails.max_pixels", c.thumbnailMaxPixels);
    c.thumbnailMemoryMb = static_cast<int>(positive(config, "thumbnails.memory_mb", c.thumbnailMemoryMb, 64));
    c.thumbnailTimeoutSeconds = static_cast<int>(positive(config, "thumbnails.timeout_seconds", c.thumbnailTimeoutSeconds));
    c.thumbnailWorkers = static_cast<int>(positive(config, "thumbnails.workers", c.jobWorkers));
    c.jobLeaseSeconds = positive(config, "jobs.lease_seconds", c.jobLeaseSeconds);
    c.queueUrl = config.getString("queue.url", c.queueUrl);

    c.tlsEnabled = config.getBool("tls.enabled", c.tlsEnabled);
    c.tlsHost = config.getString("tls.host", c.tlsHost);
    c.tlsPort = static_cast<int>(positive(config, "tls.port", c.tlsPort, 0));
    if (c.tlsPort > 65535)
        throw Poco::InvalidArgumentException("tls.port must be at most 65535");
    c.tlsPortFile = config.getString("tls.port_file", "");
    c.tlsCertConfigured = config.hasProperty("tls.cert_file") || config.hasProperty("tls.key_file");
    const Poco::Path tlsDir = Poco::Path(c.dataDir).makeDirectory().pushDirectory("tls");
    c.tlsCertFile = config.getString("tls.cert_file", Poco::Path(tlsDir).setFileName("cert.pem").toString());
    c.tlsKeyFile = config.getString("tls.key_file", Poco::Path(tlsDir).setFileName("key.pem").toString());
    if (c.tlsCertConfigured && (!config.hasProperty("tls.cert_file") || !config.hasProperty("tls.key_file")))
        throw Poco::InvalidArgumentException("tls.cert_file and tls.key_file go together: give both or neither");
    c.discoveryEnabled = config.getBool("discovery.enabled", c.discoveryEnabled);

    c.metricsEnabled = config.getBool("metrics.enabled", c.metricsEnabled);
    c.metricsToken = secret(config, "metrics.token");
    c.logLevel = config.getString("log.level", c.logLevel);

    return c;
}

} // namespace nestbox::server
