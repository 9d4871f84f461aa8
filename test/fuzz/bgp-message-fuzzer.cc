// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer target for the BGP-4 decoder and stream reader (scripts/fuzz-bgp.sh). Any input
// must decode to a message or to an RFC 4271 §6 error, on a session with 4-octet AS numbers
// and on one without (RFC 6793); a decoded message must re-encode to a message that decodes
// again, unless the re-encoding outgrew 4,096 bytes (a 2-octet peer's AS4_PATH merged with
// AS_SETs can grow, RFC 6793 §4.2.3), which only an UPDATE may; and the export's count of /32s
// per UPDATE beside a decoded UPDATE's attributes fits (0 when none does).
#include "expressroute-bgp-message.h"

#include <cstdlib>

using namespace ns3::expressroute;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    for (bool fourOctetAs : {true, false})
    {
        auto r = DecodeBgpMessage(data, size, fourOctetAs);
        if (auto* m = std::get_if<BgpMessage>(&r))
        {
            const auto again = EncodeBgpMessage(*m, fourOctetAs);
            const auto* u = std::get_if<BgpUpdate>(m);
            if (u)
            {
                // What the export sends of these attributes fits: MaxPrefixesPerUpdate /32s (0
                // when none fits, never a count that wrapped).
                BgpUpdate full;
                full.attributes = u->attributes;
                full.nlri.assign(MaxPrefixesPerUpdate(u->attributes, 32), Ipv4Prefix{0x0a000001, 32});
                if (!full.nlri.empty() && (EncodeBgpMessage(full, true).size() > kBgpMaxMessageSize ||
                                           EncodeBgpMessage(full, false).size() > kBgpMaxMessageSize))
                {
                    std::abort();
                }
            }
            if (again.size() > kBgpMaxMessageSize)
            {
                if (!u)
                {
                    std::abort(); // only an UPDATE's attributes may grow
                }
                continue;
            }
            auto r2 = DecodeBgpMessage(again.data(), again.size(), fourOctetAs);
            if (!std::holds_alternative<BgpMessage>(r2))
            {
                std::abort();
            }
        }
        else if (std::get<BgpDecodeError>(r).code < 1 || std::get<BgpDecodeError>(r).code > 3)
        {
            std::abort();
        }
    }
    BgpStreamReader reader;
    reader.Append(data, size);
    while (auto next = reader.Next())
    {
        if (std::holds_alternative<BgpDecodeError>(*next))
        {
            break;
        }
    }
    return 0;
}
