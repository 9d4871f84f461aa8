// SPDX-License-Identifier: GPL-2.0-only
// The BGP byte-stream framing and the names of NOTIFICATION codes; the message codec itself is
// in expressroute-bgp-message.cc.
#include "expressroute-bgp-message.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

void
BgpStreamReader::Append(const uint8_t* bytes, std::size_t size)
{
    if (m_offset > 0 && m_offset == m_buffer.size())
    {
        m_buffer.clear();
        m_offset = 0;
    }
    m_buffer.insert(m_buffer.end(), bytes, bytes + size);
}

std::optional<std::variant<std::vector<uint8_t>, BgpDecodeError>>
BgpStreamReader::Next()
{
    if (m_failed || Buffered() < kBgpHeaderSize)
    {
        return std::nullopt;
    }
    const uint8_t* p = m_buffer.data() + m_offset;
    if (!std::all_of(p, p + 16, [](uint8_t b) { return b == 0xff; }))
    {
        m_failed = true;
        return BgpDecodeError{bgperr::kHeader,
                              bgperr::kConnectionNotSynchronized,
                              {},
                              "marker is not all ones"};
    }
    const uint16_t length = static_cast<uint16_t>(p[16] << 8 | p[17]);
    if (length < kBgpHeaderSize || length > kBgpMaxMessageSize)
    {
        m_failed = true;
        return BgpDecodeError{bgperr::kHeader,
                              bgperr::kBadMessageLength,
                              {p[16], p[17]},
                              "length field " + std::to_string(length)};
    }
    if (Buffered() < length)
    {
        return std::nullopt;
    }
    std::vector<uint8_t> msg(p, p + length);
    m_offset += length;
    if (m_offset > 65536 && m_offset * 2 > m_buffer.size())
    {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_offset));
        m_offset = 0;
    }
    return msg;
}

std::string
BgpErrorName(uint8_t code, uint8_t subcode)
{
    static const char* const kCodes[] = {"",
                                         "Message Header Error",
                                         "OPEN Message Error",
                                         "UPDATE Message Error",
                                         "Hold Timer Expired",
                                         "Finite State Machine Error",
                                         "Cease"};
    std::string name = code >= 1 && code <= 6 ? kCodes[code] : "error " + std::to_string(code);
    if (code == bgperr::kCease)
    {
        static const char* const kCease[] = {"",
                                             "Maximum Number of Prefixes Reached",
                                             "Administrative Shutdown",
                                             "Peer De-configured",
                                             "Administrative Reset",
                                             "Connection Rejected",
                                             "Other Configuration Change",
                                             "Connection Collision Resolution",
                                             "Out of Resources"};
        if (subcode >= 1 && subcode <= 8)
        {
            return name + " / " + kCease[subcode];
        }
    }
    if (code == bgperr::kFsm && subcode >= 1 && subcode <= 3)
    {
        static const char* const kFsmStates[] = {"", "OpenSent", "OpenConfirm", "Established"};
        return name + " / Receive Unexpected Message in " + kFsmStates[subcode] + " State";
    }
    return subcode ? name + " / subcode " + std::to_string(subcode) : name;
}

} // namespace expressroute
} // namespace ns3
