#include "NestboxServerApp.h"

#include <Poco/Exception.h>

#include <iostream>

// Like POCO_SERVER_MAIN, with one thing first: SIGINT, SIGTERM and SIGQUIT are blocked before any
// thread exists, so every thread inherits the mask and a stop request that arrives while the
// server is still starting stays pending until `serve` waits for it (sigwait) and stops cleanly.
// Otherwise such a signal kills the process outright (exit 143, no "stopping", no flush). The
// operator commands unblock them again (NestboxServerApp::main); the thumbnailer's children
// get an empty mask at spawn.
int main(int argc, char** argv)
{
    nestbox::server::NestboxServerApp::blockStopSignals(true);
    try {
        nestbox::server::NestboxServerApp app;
        return app.run(argc, argv);
    } catch (const Poco::Exception& e) {
        std::cerr << e.displayText() << std::endl;
        return Poco::Util::Application::EXIT_SOFTWARE;
    }
}
