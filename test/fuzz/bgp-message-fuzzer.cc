// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer target for the BGP-4 decoder and stream reader (scripts/fuzz-bgp.sh). Any input
// must decode to a message or to an RFC 4271 §6 error, on a session with 4-octet AS numbers
// and on one without (RFC 6793); a decoded message must re-encode to a message that decodes
// again.
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
