#pragma once

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/thread-watch.h>
#include <avahi-common/watch.h>

#include <mutex>
#include <string>
#include <vector>

namespace nestbox::server {

// Announces one DNS-SD service (e.g. `_nestbox._tcp` on the HTTPS port) over mDNS through the
// Avahi daemon on the system D-Bus (DBUS_SYSTEM_BUS_ADDRESS when set). Never fails the server:
// with no daemon or no bus it logs a warning and keeps trying (the Avahi client waits for the
// daemon; a lost bus is retried every few seconds); after a daemon restart the service is
// registered again; a name already taken on the network is replaced by Avahi's alternative
// ("Name #2", …). Runs on Avahi's own thread; start() and stop() from any one thread.
class AvahiAnnouncer {
public:
    struct Service {
        std::string name;          // instance name, at most 63 bytes
        std::string type;          // e.g. "_nestbox._tcp"
        int port = 0;
        std::vector<std::string> txt; // "key=value" entries
    };

    explicit AvahiAnnouncer(Service service);
    ~AvahiAnnouncer();
    AvahiAnnouncer(const AvahiAnnouncer&) = delete;
    AvahiAnnouncer& operator=(const AvahiAnnouncer&) = delete;

    void start();
    // Withdraws the service and stops the thread.
    void stop();

    // The instance name in use (after collisions) and whether the daemon confirmed it.
    std::string currentName() const;
    bool established() const;

private:
    static void onClientState(AvahiClient* client, AvahiClientState state, void* self);
    static void onGroupState(AvahiEntryGroup* group, AvahiEntryGroupState state, void* self);
    static void onRetry(AvahiTimeout* timeout, void* self);

    void connect();                      // poll thread (or before it runs)
    void publish(AvahiClient* client);   // poll thread
    void dropClient();                   // poll thread
    void retryLater(int seconds);        // poll thread

    Service _service;
    AvahiThreadedPoll* _poll = nullptr;
    AvahiClient* _client = nullptr;
    AvahiEntryGroup* _group = nullptr;
    AvahiTimeout* _retry = nullptr;
    bool _running = false;
    bool _busWarned = false;

    mutable std::mutex _mutex; // guards the two below, read from other threads
    std::string _name;
    bool _established = false;
};

} // namespace nestbox::server
