#include "queue/AmqpConnection.h"

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>

#include <sys/time.h>

namespace nestbox::server {

namespace {

constexpr amqp_channel_t kChannel = 1;

timeval toTimeval(std::chrono::milliseconds ms)
{
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

amqp_bytes_t bytes(const std::string& s)
{
    return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

std::string describeReply(const amqp_rpc_reply_t& reply)
{
    switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return "ok";
    case AMQP_RESPONSE_NONE:
        return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            const auto* m = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
            return "connection closed by broker: " + std::to_string(m->reply_code) + " "
                   + std::string(static_cast<const char*>(m->reply_text.bytes), m->reply_text.len);
        }
        if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            const auto* m = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
            return "channel closed by broker: " + std::to_string(m->reply_code) + " "
                   + std::string(static_cast<const char*>(m->reply_text.bytes), m->reply_text.len);
        }
        return "broker error, method " + std::to_string(reply.reply.id);
    }
    return "unknown reply";
}

} // namespace

AmqpConnection::AmqpConnection(const Settings& settings)
    : _timeout(settings.timeout)
{
    _conn = amqp_new_connection();
    if (!_conn)
        throw Broken("out of memory for an AMQP connection");
    amqp_socket_t* socket = amqp_tcp_socket_new(_conn);
    if (!socket)
        fail("cannot create a socket");
    timeval tv = toTimeval(_timeout);
    amqp_set_handshake_timeout(_conn, &tv);
    amqp_set_rpc_timeout(_conn, &tv);
    if (const int rc = amqp_socket_open_noblock(socket, settings.host.c_str(), settings.port, &tv); rc != AMQP_STATUS_OK)
        fail("cannot connect to " + settings.host + ":" + std::to_string(settings.port) + ": " + amqp_error_string2(rc));
    // No heartbeats: rabbitmq-c answers them only inside its own calls, and a job that runs for a
    // minute would make the broker drop the connection and redeliver it.
    const amqp_rpc_reply_t login = amqp_login(_conn, settings.vhost.c_str(), 0, 131072, 0, AMQP_SASL_METHOD_PLAIN,
                                              settings.user.c_str(), settings.password.c_str());
    if (login.reply_type != AMQP_RESPONSE_NORMAL)
        fail("login failed: " + describeReply(login));
    amqp_channel_open(_conn, kChannel);
    check("channel.open");
}

AmqpConnection::~AmqpConnection()
{
    if (!_conn)
        return;
    if (!_broken) {
        amqp_channel_close(_conn, kChannel, AMQP_REPLY_SUCCESS);
        amqp_connection_close(_conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(_conn);
}

void AmqpConnection::fail(const std::string& what)
{
    _broken = true;
    throw Broken("AMQP: " + what);
}

void AmqpConnection::check(const char* what)
{
    const amqp_rpc_reply_t reply = amqp_get_rpc_reply(_conn);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL)
        fail(std::string(what) + ": " + describeReply(reply));
}

std::int64_t AmqpConnection::declareQueue(const std::string& name, const std::vector<QueueArgument>& arguments,
                                          bool passive)
{
    std::vector<amqp_table_entry_t> entries(arguments.size());
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        entries[i].key = bytes(arguments[i].name);
        if (arguments[i].isNumber) {
            entries[i].value.kind = AMQP_FIELD_KIND_I64;
            entries[i].value.value.i64 = arguments[i].number;
        } else {
            entries[i].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[i].value.value.bytes = bytes(arguments[i].text);
        }
    }
    amqp_table_t table{static_cast<int>(entries.size()), entries.empty() ? nullptr : entries.data()};
    const amqp_queue_declare_ok_t* ok = amqp_queue_declare(_conn, kChannel, bytes(name), passive ? 1 : 0, 1, 0, 0,
                                                           passive ? amqp_empty_table : table);
    check("queue.declare");
    return ok ? static_cast<std::int64_t>(ok->message_count) : 0;
}

void AmqpConnection::enableConfirms()
{
    amqp_confirm_select(_conn, kChannel);
    check("confirm.select");
    _confirms = true;
}

void AmqpConnection::publish(const std::string& queue, const std::string& messageId, const std::string& body,
                             std::optional<std::chrono::milliseconds> expiration)
{
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG;
    props.delivery_mode = 2;
    props.content_type = amqp_cstring_bytes("text/plain");
    props.message_id = bytes(messageId);
    std::string ttl;
    if (expiration) {
        ttl = std::to_string(expiration->count());
        props._flags |= AMQP_BASIC_EXPIRATION_FLAG;
        props.expiration = bytes(ttl);
    }
    const int rc = amqp_basic_publish(_conn, kChannel, amqp_empty_bytes, bytes(queue), 1, 0, &props, bytes(body));
    if (rc != AMQP_STATUS_OK)
        fail(std::string("basic.publish: ") + amqp_error_string2(rc));
    if (_confirms)
        waitForConfirm();
}

void AmqpConnection::waitForConfirm()
{
    bool returned = false;
    for (;;) {
        amqp_frame_t frame{};
        timeval tv = toTimeval(_timeout);
        const int rc = amqp_simple_wait_frame_noblock(_conn, &frame, &tv);
        if (rc != AMQP_STATUS_OK)
            fail(std::string("waiting for the publisher confirm: ") + amqp_error_string2(rc));
        if (frame.frame_type != AMQP_FRAME_METHOD)
            continue;
        switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD:
            if (returned)
                throw Broken("AMQP: message unroutable (queue missing)");
            return;
        case AMQP_BASIC_NACK_METHOD:
            throw Broken("AMQP: broker refused the message (basic.nack)");
        case AMQP_BASIC_RETURN_METHOD: {
            // The returned message's content follows; read it off the wire, then wait for the ack.
            amqp_message_t message{};
            const amqp_rpc_reply_t reply = amqp_read_message(_conn, frame.channel, &message, 0);
            if (reply.reply_type != AMQP_RESPONSE_NORMAL)
                fail("reading a returned message: " + describeReply(reply));
            amqp_destroy_message(&message);
            returned = true;
            break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD:
        case AMQP_CONNECTION_CLOSE_METHOD:
            fail("closed by the broker while publishing");
        default:
            break;
        }
    }
}

void AmqpConnection::consume(const std::string& queue, int prefetch)
{
    amqp_basic_qos(_conn, kChannel, 0, static_cast<std::uint16_t>(prefetch), 0);
    check("basic.qos");
    amqp_basic_consume(_conn, kChannel, bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    check("basic.consume");
}

std::optional<AmqpConnection::Message> AmqpConnection::next(std::chrono::milliseconds wait)
{
    amqp_maybe_release_buffers(_conn);
    amqp_envelope_t envelope{};
    timeval tv = toTimeval(wait);
    const amqp_rpc_reply_t reply = amqp_consume_message(_conn, &envelope, &tv, 0);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
        Message m;
        m.deliveryTag = envelope.delivery_tag;
        m.redelivered = envelope.redelivered != 0;
        m.body.assign(static_cast<const char*>(envelope.message.body.bytes), envelope.message.body.len);
        amqp_destroy_envelope(&envelope);
        return m;
    }
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT)
        return std::nullopt;
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
        // Something other than a delivery arrived: a close (queue deleted, broker shutting down) or
        // a stray method; anything but a harmless one ends this connection.
        amqp_frame_t frame{};
        timeval none = toTimeval(std::chrono::milliseconds(0));
        const int rc = amqp_simple_wait_frame_noblock(_conn, &frame, &none);
        if (rc != AMQP_STATUS_OK && rc != AMQP_STATUS_TIMEOUT)
            fail(std::string("reading from the broker: ") + amqp_error_string2(rc));
        if (rc == AMQP_STATUS_OK && frame.frame_type == AMQP_FRAME_METHOD) {
            switch (frame.payload.method.id) {
            case AMQP_BASIC_ACK_METHOD:
            case AMQP_BASIC_NACK_METHOD:
                return std::nullopt;
            default:
                fail("the broker closed the channel or cancelled the consumer (method "
                     + std::to_string(frame.payload.method.id) + ")");
            }
        }
        return std::nullopt;
    }
    fail("basic.consume: " + describeReply(reply));
}

void AmqpConnection::ack(std::uint64_t deliveryTag)
{
    if (const int rc = amqp_basic_ack(_conn, kChannel, deliveryTag, 0); rc != AMQP_STATUS_OK)
        fail(std::string("basic.ack: ") + amqp_error_string2(rc));
}

} // namespace nestbox::server
