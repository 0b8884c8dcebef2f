#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

// Small helpers over Poco::JSON that turn a missing or mistyped member into a BenchError naming `what`.
namespace json {

Poco::JSON::Object::Ptr parseObject(const std::string& text, const std::string& what);
std::string stringify(const Poco::JSON::Object& object);

Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what);
Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what);
std::string string(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what);
std::int64_t integer(const Poco::JSON::Object::Ptr& parent, const std::string& key, const std::string& what);
bool isNull(const Poco::JSON::Object::Ptr& parent, const std::string& key);

} // namespace json
