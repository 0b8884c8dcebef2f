#include "NestboxServerApp.h"

#include "NestboxVersion.h"
#include "Services.h"
#include "cli/OperatorCommands.h"
#include "db/Migrations.h"
#include "discovery/AvahiAnnouncer.h"
#include "http/Router.h"
#include "tls/ServerTlsContext.h"
#include "tls/TlsCertificate.h"

#include <Poco/AsyncChannel.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/PatternFormatter.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/IntValidator.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <optional>
#include <condition_variable>
#include <iostream>
#include <thread>

namespace nestbox::server {

namespace {

// Every key nestboxd knows; each can also come from NESTBOX_<KEY with '.' → '_', upper-case>.
const std::vector<std::string>& knownKeys()
{
    static const std::vector<std::string> kKeys{
        "data.dir", "db.url", "db.password", "db.password_file", "db.pool_size", "redis.url", "redis.password",
        "redis.password_file", "http.host", "http.port", "http.port_file", "http.threads", "http.queue",
        "http.timeout_seconds", "http.keepalive_seconds", "http.max_uri_length", "http.max_json_bytes", "server.name",
        "server.role", "signup.open", "auth.token_idle_seconds", "auth.token_absolute_seconds",
        "auth.argon2_memory_kib", "auth.argon2_iterations", "auth.login_max_failures_account",
        "auth.login_max_failures_address", "auth.login_window_seconds", "limits.max_file_size",
        "limits.chunk_size_min", "limits.chunk_size_max", "limits.chunk_size_default", "limits.max_chunks",
        "quota.default_bytes", "uploads.expiry_seconds", "uploads.cleanup_interval_seconds", "dedup.scope",
        "metrics.enabled", "metrics.token", "metrics.token_file", "log.level", "thumbnails.thumbnailer",
        "thumbnails.max_pixels", "thumbnails.memory_mb", "thumbnails.timeout_seconds", "thumbnails.workers", "jobs.workers", "storage.url", "storage.access_key",
        "storage.access_key_file", "storage.secret_key", "storage.secret_key_file",
        "jobs.lease_seconds", "queue.url", "tls.enabled", "tls.host", "tls.port", "tls.port_file", "tls.cert_file",
        "tls.key_file", "discovery.enabled", "storage.mode", "storage.presign_seconds"};
    return kKeys;
}

std::string envName(const std::string& key)
{
    std::string name = "NESTBOX_" + Poco::toUpper(key);
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
}

// Writes the bound port to `path` (tmp + rename, so a reader never sees half a number).
void writePortFile(const std::string& path, int port)
{
    if (path.empty())
        return;
    const std::string tmp = path + ".tmp";
    {
        Poco::FileOutputStream out(tmp);
        out << port << "\n";
    }
    Poco::File(tmp).renameTo(path);
}

} // namespace

void NestboxServerApp::blockStopSignals(bool block)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGQUIT);
    pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &stop, nullptr);
}

void NestboxServerApp::initialize(Poco::Util::Application& self)
{
    // Strength: flags > environment > file > defaults.
    Poco::AutoPtr<Poco::Util::MapConfiguration> env = new Poco::Util::MapConfiguration;
    for (const std::string& key : knownKeys()) {
        const std::string name = envName(key);
        if (Poco::Environment::has(name))
            env->setString(key, Poco::Environment::get(name));
    }
    if (_configFile.empty() && Poco::Environment::has("NESTBOX_CONFIG"))
        _configFile = Poco::Environment::get("NESTBOX_CONFIG");
    // The file is INI whatever its name ends with (Poco would pick a reader by extension and
    // refuse `.conf`, the name Debian packages use).
    if (!_configFile.empty())
        config().add(new Poco::Util::IniFileConfiguration(_configFile), PRIO_DEFAULT);
    config().add(env, -150);
    config().add(_flags, -200);
    ServerApplication::initialize(self);
}

void NestboxServerApp::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    using Poco::Util::Option;
    options.addOption(Option("help", "h", "show this help").required(false).repeatable(false));
    options.addOption(Option("config", "c", "configuration file (INI)").required(false).repeatable(false).argument("FILE"));
    options.addOption(Option("define", "D", "set a configuration key").required(false).repeatable(true).argument("KEY=VALUE"));
    options.addOption(Option("port", "p", "http.port").required(false).repeatable(false).argument("N"));
    options.addOption(Option("data-dir", "", "data.dir").required(false).repeatable(false).argument("DIR"));
    options.addOption(Option("db-url", "", "db.url").required(false).repeatable(false).argument("URL"));
    options.addOption(Option("redis-url", "", "redis.url").required(false).repeatable(false).argument("URL"));
    options.addOption(Option("role", "", "server.role: all, api or worker").required(false).repeatable(false).argument("ROLE"));
    options.addOption(Option("admin", "", "user add: make the account an administrator").required(false).repeatable(false));
    options.addOption(Option("quota", "", "user add: storage quota in bytes").required(false).repeatable(false).argument("BYTES"));
}

void NestboxServerApp::handleOption(const std::string& name, const std::string& value)
{
    ServerApplication::handleOption(name, value);
    if (name == "help") {
        _helpRequested = true;
        stopOptionsProcessing();
    } else if (name == "config") {
        _configFile = value;
    } else if (name == "define") {
        const auto eq = value.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Poco::InvalidArgumentException("-D needs KEY=VALUE, got " + value);
        _flags->setString(value.substr(0, eq), value.substr(eq + 1));
    } else if (name == "port") {
        _flags->setString("http.port", value);
    } else if (name == "data-dir") {
        _flags->setString("data.dir", value);
    } else if (name == "db-url") {
        _flags->setString("db.url", value);
    } else if (name == "redis-url") {
        _flags->setString("redis.url", value);
    } else if (name == "role") {
        _flags->setString("server.role", value);
    } else if (name == "admin") {
        _admin = true;
    } else if (name == "quota") {
        _quota = Poco::NumberParser::parse64(value);
    }
}

void NestboxServerApp::setupLogging(const std::string& level)
{
    Poco::AutoPtr<Poco::PatternFormatter> formatter =
        new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t");
    Poco::AutoPtr<Poco::ConsoleChannel> console = new Poco::ConsoleChannel(std::cerr);
    Poco::AutoPtr<Poco::FormattingChannel> formatting = new Poco::FormattingChannel(formatter, console);
    Poco::AutoPtr<Poco::AsyncChannel> async = new Poco::AsyncChannel(formatting);
    Poco::Logger::root().setChannel(async);
    Poco::Logger::root().setLevel(level);
    for (const char* name : {"nestbox.http", "nestbox.db", "nestbox.redis", "nestbox.storage", "nestbox.uploads",
                             "nestbox.server", "nestbox.jobs", "nestbox.thumbnails", "nestbox.discovery"}) {
        Poco::Logger::get(name).setChannel(async);
        Poco::Logger::get(name).setLevel(level);
    }
}

int NestboxServerApp::main(const std::vector<std::string>& args)
{
    if (_helpRequested) {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[serve | tls fingerprint | migrate | user add|list|passwd|disable | thumbnails rebuild | jobs list | gc | fsck] [options]");
        help.setHeader("nestboxd " + std::string(kNestboxVersion) + " — the Nestbox server (docs/CONFIGURATION.md)");
        help.format(std::cout);
        return EXIT_OK;
    }
    const std::string command = args.empty() ? "serve" : args.front();
    if (command != "serve")
        blockStopSignals(false); // a one-shot command stops on Ctrl-C as usual
    ServerConfig cfg;
    try {
        cfg = ServerConfig::load(config());
    } catch (const Poco::Exception& e) {
        std::cerr << "nestboxd: bad configuration: " << e.displayText() << "\n";
        return EXIT_CONFIG;
    }
    setupLogging(cfg.logLevel);
    if (command == "serve")
        return serve();
    if (command == "tls")
        return tlsCommand(cfg, args);

    try {
        Poco::File(cfg.dataDir).createDirectories();
        Services services(cfg);
        Migrations::apply(*services.db);
        OperatorCommands commands(services, std::cin, std::cout, std::cerr);
        int rc = EXIT_USAGE;
        if (command == "migrate") {
            std::cout << "schema at version " << Migrations::latestVersion() << " (" << services.db->describe() << ")\n";
            rc = EXIT_OK;
        } else if (command == "user") {
            rc = commands.user(args, _admin, _quota);
        } else if (command == "thumbnails") {
            rc = commands.thumbnails(args);
        } else if (command == "transfer") {
            rc = commands.transfer(args);
        } else if (command == "jobs") {
            rc = commands.jobs(args);
        } else if (command == "gc") {
            rc = commands.gc();
        } else if (command == "fsck") {
            rc = commands.fsck();
        } else {
            std::cerr << "nestboxd: unknown command '" << command << "' (try --help)\n";
        }
        std::cout.flush();
        return rc;
    } catch (const std::exception& e) {
        const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
        std::cerr << "nestboxd " << command << ": " << (pe ? pe->displayText() : std::string(e.what())) << "\n";
        return EXIT_SOFTWARE;
    }
}

int NestboxServerApp::serve()
{
    auto& log = Poco::Logger::get("nestbox.server");
    const ServerConfig cfg = ServerConfig::load(config());
    // A bad certificate or key is a configuration error found before anything else starts.
    std::optional<TlsCertificate> certificate;
    Poco::Net::Context::Ptr tlsContext;
    if (cfg.tlsEnabled) {
        try {
            Poco::File(cfg.dataDir).createDirectories();
            bool generated = false;
            certificate = TlsCertificate::ensure(cfg.tlsCertFile, cfg.tlsKeyFile, cfg.tlsCertConfigured, &generated);
            if (generated)
                log.information("generated a self-signed TLS certificate for %s in %s", TlsCertificate::hostname(),
                                cfg.tlsCertFile);
            Poco::Net::initializeSSL();
            tlsContext = makeServerTlsContext(*certificate);
        } catch (const std::exception& e) {
            const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
            std::cerr << "nestboxd: TLS: " << (pe ? pe->displayText() : std::string(e.what())) << "\n";
            return EXIT_CONFIG;
        }
        if (certificate->notAfter() > 0 && certificate->notAfter() < static_cast<std::int64_t>(std::time(nullptr)))
            log.warning("the TLS certificate %s has expired", cfg.tlsCertFile);
    }
    std::unique_ptr<Services> services;
    try {
        Poco::File(cfg.dataDir).createDirectories();
        services = std::make_unique<Services>(cfg);
        const int version = Migrations::apply(*services->db);
        log.information("database %s at schema version %d", services->db->describe(), version);
        if (services->redis)
            log.information("redis %s for locks and login throttling", services->redis->describe());
    } catch (const std::exception& e) {
        const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
        std::cerr << "nestboxd: cannot start: " << (pe ? pe->displayText() : std::string(e.what())) << "\n";
        return EXIT_UNAVAILABLE;
    }

    Router* router = new Router(*services);
    registerServerRoutes(*router, *services);
    registerAuthRoutes(*router, *services);
    registerFileRoutes(*router, *services);
    registerUploadRoutes(*router, *services);
    registerAdminRoutes(*router, *services);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(cfg.httpThreads);
    params->setMaxQueued(cfg.httpQueue);
    params->setTimeout(Poco::Timespan(cfg.httpTimeoutSeconds, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(cfg.httpKeepAliveSeconds, 0));
    params->setMaxKeepAliveRequests(10000);
    params->setServerName("nestboxd");
    params->setSoftwareVersion(std::string("nestboxd/") + kNestboxVersion);

    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(cfg.httpHost, static_cast<Poco::UInt16>(cfg.httpPort)), true);
        socket.listen(cfg.httpQueue);
    } catch (const Poco::Exception& e) {
        std::cerr << "nestboxd: cannot listen on " << cfg.httpHost << ":" << cfg.httpPort << ": " << e.displayText()
                  << "\n";
        return EXIT_UNAVAILABLE;
    }
    // The HTTPS listener serves the same routes as the plain one.
    std::optional<Poco::Net::SecureServerSocket> tlsSocket;
    if (tlsContext) {
        try {
            tlsSocket.emplace(tlsContext);
            tlsSocket->bind(Poco::Net::SocketAddress(cfg.tlsHost, static_cast<Poco::UInt16>(cfg.tlsPort)), true);
            tlsSocket->listen(cfg.httpQueue);
        } catch (const Poco::Exception& e) {
            std::cerr << "nestboxd: cannot listen on " << cfg.tlsHost << ":" << cfg.tlsPort << " (TLS): "
                      << e.displayText() << "\n";
            return EXIT_UNAVAILABLE;
        }
        services->tlsPort = tlsSocket->address().port();
        services->tlsFingerprint = certificate->fingerprint();
    }
    Poco::Net::HTTPRequestHandlerFactory::Ptr routes(router);
    Poco::ThreadPool pool(2, cfg.httpThreads + 2, 60);
    Poco::Net::HTTPServer server(routes, pool, socket, params);
    server.start();
    std::unique_ptr<Poco::Net::HTTPServer> tlsServer;
    if (tlsSocket) {
        tlsServer = std::make_unique<Poco::Net::HTTPServer>(routes, pool, *tlsSocket, params);
        tlsServer->start();
    }
    const int port = socket.address().port();
    writePortFile(cfg.httpPortFile, port);
    std::cout << "nestboxd listening on http://" << cfg.httpHost << ":" << port << std::endl;
    log.information("nestboxd %s serving on %s:%d, data in %s", std::string(kNestboxVersion), cfg.httpHost, port,
                    cfg.dataDir);
    if (tlsServer) {
        writePortFile(cfg.tlsPortFile, services->tlsPort);
        std::cout << "nestboxd listening on https://" << cfg.tlsHost << ":" << services->tlsPort << std::endl;
        log.information("serving HTTPS on %s:%d, certificate %s, SHA-256 fingerprint %s", cfg.tlsHost,
                        services->tlsPort, certificate->subject(), certificate->fingerprint());
    }
    // The home network finds the HTTPS listener by DNS-SD; a missing Avahi only costs a warning.
    std::unique_ptr<AvahiAnnouncer> announcer;
    if (tlsServer && cfg.discoveryEnabled) {
        AvahiAnnouncer::Service service;
        service.name = cfg.serverName;
        service.type = "_nestbox._tcp";
        service.port = services->tlsPort;
        service.txt = {"api=1", std::string("version=") + kNestboxVersion, "tls=1", "fp=" + certificate->fingerprintHex()};
        announcer = std::make_unique<AvahiAnnouncer>(service);
        announcer->start();
    }

    // Expired uploads and tokens are swept in the background at the configured interval.
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread sweeper([&] {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            if (wake.wait_for(lock, std::chrono::seconds(cfg.uploadCleanupIntervalSeconds), [&] { return stopping; }))
                return;
            lock.unlock();
            try {
                services->uploadFlow.cleanupExpired();
                services->auth.sweepExpiredTokens();
            } catch (const std::exception& e) {
                log.warning("cleanup sweep failed: %s", std::string(e.what()));
            }
            lock.lock();
        }
    });

    // Every role relays queued jobs to the broker (queue.url); background jobs (thumbnails) run in
    // the all and worker roles.
    if (services->jobDispatcher) {
        services->jobDispatcher->start();
        log.information("job queue %s", services->jobTransport->describe());
    }
    if (cfg.role != "api") {
        services->jobRunner.start();
        log.information("%d job worker(s) started", cfg.jobWorkers);
    }

    waitForTerminationRequest();
    log.information("stopping");
    if (announcer)
        announcer->stop();
    services->jobRunner.stop();
    if (services->jobDispatcher)
        services->jobDispatcher->stop();
    {
        std::lock_guard<std::mutex> lock(mutex);
        stopping = true;
    }
    wake.notify_all();
    sweeper.join();
    if (tlsServer)
        tlsServer->stopAll(true);
    server.stopAll(true);
    pool.joinAll();
    if (tlsContext) {
        // Everything holding the OpenSSL context goes before OpenSSL is uninitialised.
        tlsServer.reset();
        tlsSocket.reset();
        tlsContext = nullptr;
        Poco::Net::uninitializeSSL();
    }
    return EXIT_OK;
}

int NestboxServerApp::tlsCommand(const ServerConfig& cfg, const std::vector<std::string>& args)
{
    if (args.size() != 2 || args[1] != "fingerprint") {
        std::cerr << "usage: nestboxd tls fingerprint\n";
        return EXIT_USAGE;
    }
    // The certificate serve() would use, made now when it would be made at the first start.
    try {
        if (!cfg.tlsCertConfigured)
            Poco::File(cfg.dataDir).createDirectories();
        const TlsCertificate certificate =
            TlsCertificate::ensure(cfg.tlsCertFile, cfg.tlsKeyFile, cfg.tlsCertConfigured);
        std::cout << certificate.fingerprint() << std::endl;
        return EXIT_OK;
    } catch (const std::exception& e) {
        const auto* pe = dynamic_cast<const Poco::Exception*>(&e);
        std::cerr << "nestboxd tls: " << (pe ? pe->displayText() : std::string(e.what())) << "\n";
        return EXIT_CONFIG;
    }
}

} // namespace nestbox::server
