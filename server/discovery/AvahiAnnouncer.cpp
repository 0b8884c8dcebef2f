#include "discovery/AvahiAnnouncer.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>
#include <avahi-common/thread-watch.h>
#include <avahi-common/timeval.h>

#include <Poco/Logger.h>

namespace nestbox::server {

namespace {

constexpr int kRetrySeconds = 5;

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.discovery");
}

} // namespace

AvahiAnnouncer::AvahiAnnouncer(Service service)
    : _service(std::move(service))
    , _name(_service.name)
{
}

AvahiAnnouncer::~AvahiAnnouncer()
{
    stop();
}

std::string AvahiAnnouncer::currentName() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _name;
}

bool AvahiAnnouncer::established() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _established;
}

void AvahiAnnouncer::start()
{
    if (_running)
        return;
    _poll = avahi_threaded_poll_new();
    if (!_poll) {
        logger().warning("DNS-SD: cannot create the Avahi event loop; the server is not announced");
        return;
    }
    connect(); // the loop is not running yet: no lock needed
    if (avahi_threaded_poll_start(_poll) < 0) {
        logger().warning("DNS-SD: cannot start the Avahi thread; the server is not announced");
        dropClient();
        avahi_threaded_poll_free(_poll);
        _poll = nullptr;
        return;
    }
    _running = true;
}

void AvahiAnnouncer::stop()
{
    if (!_poll)
        return;
    if (_running)
        avahi_threaded_poll_stop(_poll);
    _running = false;
    if (_retry) {
        avahi_threaded_poll_get(_poll)->timeout_free(_retry);
        _retry = nullptr;
    }
    dropClient(); // frees the entry group: the daemon withdraws the service
    avahi_threaded_poll_free(_poll);
    _poll = nullptr;
}

void AvahiAnnouncer::connect()
{
    int error = 0;
    // NO_FAIL: without a daemon the client waits in CONNECTING and comes up when one appears.
    _client = avahi_client_new(avahi_threaded_poll_get(_poll), AVAHI_CLIENT_NO_FAIL,
                               &AvahiAnnouncer::onClientState, this, &error);
    if (!_client) {
        // Said once per outage; the retries are quiet.
        if (!_busWarned)
            logger().warning("DNS-SD: cannot reach the system D-Bus for Avahi (%s); retrying every %d s",
                             std::string(avahi_strerror(error)), kRetrySeconds);
        _busWarned = true;
        retryLater(kRetrySeconds);
        return;
    }
    _busWarned = false;
}

void AvahiAnnouncer::dropClient()
{
    if (_group) {
        avahi_entry_group_free(_group);
        _group = nullptr;
    }
    if (_client) {
        avahi_client_free(_client);
        _client = nullptr;
    }
    std::lock_guard<std::mutex> lock(_mutex);
    _established = false;
}

void AvahiAnnouncer::retryLater(int seconds)
{
    const AvahiPoll* api = avahi_threaded_poll_get(_poll);
    struct timeval when;
    avahi_elapse_time(&when, static_cast<unsigned>(seconds) * 1000, 0);
    if (_retry)
        api->timeout_update(_retry, &when);
    else
        _retry = api->timeout_new(api, &when, &AvahiAnnouncer::onRetry, this);
}

void AvahiAnnouncer::onRetry(AvahiTimeout* timeout, void* self)
{
    auto* me = static_cast<AvahiAnnouncer*>(self);
    avahi_threaded_poll_get(me->_poll)->timeout_update(timeout, nullptr); // disarm until needed again
    if (!me->_client)
        me->connect();
    else if (avahi_client_get_state(me->_client) == AVAHI_CLIENT_S_RUNNING)
        me->publish(me->_client);
}

void AvahiAnnouncer::onClientState(AvahiClient* client, AvahiClientState state, void* self)
{
    auto* me = static_cast<AvahiAnnouncer*>(self);
    switch (state) {
    case AVAHI_CLIENT_S_RUNNING:
        me->publish(client);
        break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
        // The daemon is (re)registering its host name: our records go until it is done.
        if (me->_group)
            avahi_entry_group_reset(me->_group);
        break;
    case AVAHI_CLIENT_CONNECTING:
        logger().warning("DNS-SD: the Avahi daemon is not running; the server is announced once it starts");
        // A group of a daemon that went away is dead; a new one is made when it is back.
        if (me->_group) {
            avahi_entry_group_free(me->_group);
            me->_group = nullptr;
        }
        {
            std::lock_guard<std::mutex> lock(me->_mutex);
            me->_established = false;
        }
        break;
    case AVAHI_CLIENT_FAILURE:
        logger().warning("DNS-SD: lost the connection to Avahi (%s); retrying in %d s",
                         std::string(avahi_strerror(avahi_client_errno(client))), kRetrySeconds);
        me->dropClient();
        me->retryLater(kRetrySeconds);
        break;
    }
}

void AvahiAnnouncer::publish(AvahiClient* client)
{
    if (!_group) {
        _group = avahi_entry_group_new(client, &AvahiAnnouncer::onGroupState,
                                       this);
        if (!_group) {
            logger().warning("DNS-SD: cannot create an Avahi entry group (%s); retrying in %d s",
                             std::string(avahi_strerror(avahi_client_errno(client))), kRetrySeconds);
            retryLater(kRetrySeconds);
            return;
        }
    }
    if (!avahi_entry_group_is_empty(_group))
        return; // already registered
    AvahiStringList* txt = nullptr;
    for (auto it = _service.txt.rbegin(); it != _service.txt.rend(); ++it)
        txt = avahi_string_list_add(txt, it->c_str());
    std::string name = currentName();
    int rc = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
        rc = avahi_entry_group_add_service_strlst(_group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, AvahiPublishFlags(0),
                                                  name.c_str(), _service.type.c_str(), nullptr, nullptr,
                                                  static_cast<uint16_t>(_service.port), txt);
        if (rc != AVAHI_ERR_COLLISION)
            break;
        // Taken locally (another service of this daemon): the next alternative name.
        char* alternative = avahi_alternative_service_name(name.c_str());
        logger().information("DNS-SD: the name \"%s\" is taken here; trying \"%s\"", name, std::string(alternative));
        name = alternative;
        avahi_free(alternative);
        avahi_entry_group_reset(_group);
    }
    avahi_string_list_free(txt);
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _name = name;
    }
    if (rc < 0 || (rc = avahi_entry_group_commit(_group)) < 0) {
        logger().warning("DNS-SD: cannot register %s (%s); retrying in %d s", _service.type,
                         std::string(avahi_strerror(rc)), kRetrySeconds);
        avahi_entry_group_reset(_group);
        retryLater(kRetrySeconds);
    }
}

void AvahiAnnouncer::onGroupState(AvahiEntryGroup* group, AvahiEntryGroupState state, void* self)
{
    auto* me = static_cast<AvahiAnnouncer*>(self);
    switch (state) {
    case AVAHI_ENTRY_GROUP_ESTABLISHED: {
        const std::string name = me->currentName();
        {
            std::lock_guard<std::mutex> lock(me->_mutex);
            me->_established = true;
        }
        logger().information("DNS-SD: announced \"%s\" (%s) on port %d", name, me->_service.type, me->_service.port);
        break;
    }
    case AVAHI_ENTRY_GROUP_COLLISION: {
        // Another host on the network has this name: take the next alternative and register again.
        const std::string old = me->currentName();
        char* alternative = avahi_alternative_service_name(old.c_str());
        {
            std::lock_guard<std::mutex> lock(me->_mutex);
            me->_name = alternative;
            me->_established = false;
        }
        logger().information("DNS-SD: the name \"%s\" is taken on the network; announcing as \"%s\"", old,
                             std::string(alternative));
        avahi_free(alternative);
        avahi_entry_group_reset(group);
        me->publish(avahi_entry_group_get_client(group));
        break;
    }
    case AVAHI_ENTRY_GROUP_FAILURE:
        logger().warning("DNS-SD: registration failed (%s); retrying in %d s",
                         std::string(avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(group)))),
                         kRetrySeconds);
        avahi_entry_group_reset(group);
        me->retryLater(kRetrySeconds);
        break;
    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING:
        break;
    }
}

} // namespace nestbox::server
