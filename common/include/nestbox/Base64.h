#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nestbox {

// RFC 4648 base64, standard alphabet, padded (OpenSSL EVP_EncodeBlock/EVP_DecodeBlock).
std::string base64Encode(std::string_view bytes);

// nullopt for anything that is not canonical padded base64.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace nestbox
