#pragma once

#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <string>
#include <vector>

namespace nestbox::server {

struct ServerConfig;

// nestboxd: reads its configuration (file, NESTBOX_* environment, flags), then serves HTTP or
// runs one operator sub-command (migrate, user, gc, fsck).
class NestboxServerApp : public Poco::Util::ServerApplication {
public:
    // SIGINT, SIGTERM and SIGQUIT: main() blocks them before any thread starts so that `serve`
    // receives a stop request however early it comes; one-shot commands unblock them.
    static void blockStopSignals(bool block);

protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;

private:
    void setupLogging(const std::string& level);
    int serve();
    int tlsCommand(const ServerConfig& cfg, const std::vector<std::string>& args);

    Poco::AutoPtr<Poco::Util::MapConfiguration> _flags = new Poco::Util::MapConfiguration;
    std::string _configFile;
    bool _helpRequested = false;
    bool _admin = false;
    long long _quota = 0;
};

} // namespace nestbox::server
