// S3Client against a scripted stand-in server (Poco HTTPServer on a free loopback port) for the
// answers a healthy Ceph never gives on demand: 200 OK with an <Error> body from
// CompleteMultipartUpload, SlowDown/503 and 500 before success, an empty <ETag>, an unreadable body.
#include "S3Client.h"
#include "S3Error.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <QtTest>

#include <deque>
#include <mutex>
#include <sstream>

using namespace nestbox::server;

namespace {

struct Answer {
    int status = 200;
    std::string body;
    std::string etag;
};

// The answers to give, in order, and what was asked.
struct Script {
    std::mutex mutex;
    std::deque<Answer> answers;
    std::vector<std::string> seen; // "METHOD URI"
};

class ScriptedHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ScriptedHandler(Script& script) : _script(script) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        // A request the client gave up on half-way (shortBodyIsRefusedBeforeSending) may reach
        // here only after the next test has loaded its script: it must not take that answer.
        if (request.hasContentLength() && static_cast<std::int64_t>(body.size()) != request.getContentLength64()) {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            response.setContentLength(0);
            response.send();
            return;
        }
        Answer answer{404, "<Error><Code>NoScript</Code></Error>", {}};
        {
            std::lock_guard lock(_script.mutex);
            _script.seen.push_back(request.getMethod() + " " + request.getURI());
            if (!_script.answers.empty()) {
                answer = _script.answers.front();
                _script.answers.pop_front();
            }
        }
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        if (!answer.etag.empty())
            response.set("ETag", answer.etag);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        response.send() << answer.body;
    }

private:
    Script& _script;
};

class ScriptedFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ScriptedFactory(Script& script) : _script(script) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new ScriptedHandler(_script);
    }

private:
    Script& _script;
};

} // namespace

class TestS3Responses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        _port = socket.address().port();
        _server = std::make_unique<Poco::Net::HTTPServer>(new ScriptedFactory(_script), socket, new Poco::Net::HTTPServerParams);
        _server->start();
    }
    void cleanupTestCase() { _server->stop(); }

    void init()
    {
        std::lock_guard lock(_script.mutex);
        _script.answers.clear();
        _script.seen.clear();
    }

    void completeWith200ErrorIsAFailure()
    {
        script({{200, "<?xml version=\"1.0\"?>\n<Error><Code>InvalidPart</Code><Message>part 2 is gone</Message></Error>", {}}});
        auto client = makeClient();
        try {
            client->completeMultipart("k", "u1", {{1, "e1"}, {2, "e2"}});
            QFAIL("a 200 carrying <Error> was taken for success");
        } catch (const S3Error& e) {
            QCOMPARE(e.status(), 200);
            QCOMPARE(e.code(), std::string("InvalidPart"));
            QVERIFY(!e.retryable());
        }
    }

    void copyWith200ErrorIsAFailure()
    {
        // CopyObject, like CompleteMultipartUpload, may answer 200 and fail in the body
        script({{200, "<Error><Code>SlowDown</Code><Message>later</Message></Error>", {}},
                {200, "<Error><Code>AccessDenied</Code><Message>no</Message></Error>", {}}});
        auto client = makeClient();
        try {
            client->copyObject("from", "to");
            QFAIL("a copy answered 200 + <Error> was taken for success");
        } catch (const S3Error& e) {
            QCOMPARE(e.code(), std::string("AccessDenied"));
            QVERIFY(!e.retryable());
        }
        QCOMPARE(client->retryCount(), std::uint64_t(1)); // the SlowDown one was retried
        QCOMPARE(seen().back().substr(0, 4), std::string("PUT "));
    }

    void completeWith200InternalErrorIsRetried()
    {
        script({{200, "<Error><Code>InternalError</Code><Message>try again</Message></Error>", {}},
                {200, "<CompleteMultipartUploadResult><ETag>\"abc-2\"</ETag></CompleteMultipartUploadResult>", {}}});
        auto client = makeClient();
        QCOMPARE(client->completeMultipart("k", "u1", {{1, "e1"}, {2, "e2"}}), std::string("abc-2"));
        QCOMPARE(client->retryCount(), std::uint64_t(1));
    }

    void emptyCompletedEtagIsLookedUp()
    {
        // Ceph 16.2: <ETag></ETag>; the client HEADs the object for the real one
        script({{200, "<CompleteMultipartUploadResult><ETag></ETag></CompleteMultipartUploadResult>", {}},
                {200, "", "\"d41d8cd98f00b204e9800998ecf8427e-2\""}});
        auto client = makeClient();
        QCOMPARE(client->completeMultipart("k", "u1", {{1, "e1"}, {2, "e2"}}),
                 std::string("d41d8cd98f00b204e9800998ecf8427e-2"));
        QCOMPARE(seen().back().substr(0, 4), std::string("HEAD"));
    }

    void slowDownAnd5xxAreRetried()
    {
        script({{503, "<Error><Code>SlowDown</Code><Message>easy</Message></Error>", {}},
                {500, "<Error><Code>InternalError</Code></Error>", {}},
                {200, "", "\"e\""}});
        auto client = makeClient();
        std::istringstream in("body");
        client->putObject("k", in, 4);
        QCOMPARE(client->retryCount(), std::uint64_t(2));
        QCOMPARE(seen().size(), std::size_t(3));
    }

    void retriesStopAtMaxAttempts()
    {
        script({{503, "<Error><Code>SlowDown</Code></Error>", {}}, {503, "<Error><Code>SlowDown</Code></Error>", {}},
                {503, "<Error><Code>SlowDown</Code></Error>", {}}, {200, "", "\"e\""}});
        auto client = makeClient(3);
        std::istringstream in("body");
        try {
            client->putObject("k", in, 4);
            QFAIL("succeeded past maxAttempts");
        } catch (const S3Error& e) {
            QCOMPARE(e.code(), std::string("SlowDown"));
            QVERIFY(e.retryable());
        }
        QCOMPARE(seen().size(), std::size_t(3));
    }

    void clientErrorsAreNotRetried()
    {
        script({{403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", {}}, {200, "", "\"e\""}});
        auto client = makeClient();
        std::istringstream in("body");
        QVERIFY_THROWS_EXCEPTION(S3Error, client->putObject("k", in, 4));
        QCOMPARE(seen().size(), std::size_t(1));
    }

    void shortBodyIsRefusedBeforeSending()
    {
        auto client = makeClient();
        std::istringstream in("abc");
        try {
            client->putObject("k", in, 10);
            QFAIL("a 3-byte stream went out as 10 bytes");
        } catch (const S3Error& e) {
            QCOMPARE(e.code(), std::string("IncompleteBody"));
            QVERIFY(!e.retryable());
        }
    }

    void unreadableXmlIsMalformedResponse()
    {
        script({{200, "<InitiateMultipartUploadResult><UploadId>", {}}});
        auto client = makeClient();
        try {
            client->createMultipart("k");
            QFAIL("broken XML accepted");
        } catch (const S3Error& e) {
            QVERIFY2(e.code() == "MalformedResponse", (e.code() + ": " + e.what()).c_str());
        }
    }

private:
    std::unique_ptr<S3Client> makeClient(int attempts = 5)
    {
        S3Config c;
        c.endpoint = "http://127.0.0.1:" + std::to_string(_port);
        c.bucket = "b";
        c.accessKey = "AK";
        c.secretKey = "SK";
        c.maxAttempts = attempts;
        c.backoffBase = std::chrono::milliseconds(10);
        c.backoffCap = std::chrono::milliseconds(40);
        return std::make_unique<S3Client>(c);
    }
    void script(std::deque<Answer> answers)
    {
        std::lock_guard lock(_script.mutex);
        _script.answers = std::move(answers);
    }
    std::vector<std::string> seen()
    {
        std::lock_guard lock(_script.mutex);
        return _script.seen;
    }

    Script _script;
    unsigned short _port = 0;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

QTEST_GUILESS_MAIN(TestS3Responses)
#include "tst_s3responses.moc"
