// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-bgp-session-reset.h"

#include "expressroute-topology.h"
#include "expressroute-bgp-message.h"
#include "expressroute-bgp-session.h"
#include "expressroute-circuit.h"
#include "expressroute-msee.h"

#include "ns3/node.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(BgpSessionReset);

TypeId
BgpSessionReset::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::BgpSessionReset")
                            .SetParent<Failure>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<BgpSessionReset>();
    return tid;
}

std::string
BgpSessionReset::DoBind()
{
    // "<circuit>/<role>/<peering>": the MSEE of that link holds the session of that name.
    const auto first = m_target.find('/');
    const auto second = first == std::string::npos ? first : m_target.find('/', first + 1);
    Ptr<Circuit> circuit =
        first == std::string::npos ? nullptr : m_topology->GetCircuit(m_target.substr(0, first));
    auto role = second == std::string::npos
                    ? std::nullopt
                    : ParseTargetRole(m_target.substr(first + 1, second - first - 1));
    if (circuit && role)
    {
        auto msee = circuit->GetLink(*role).msee;
        m_speaker = msee ? m_topology->GetBgpSpeaker(msee->GetNode()->GetId()) : nullptr;
        auto peer = m_speaker ? m_speaker->FindPeer(m_target) : std::nullopt;
        if (peer)
        {
            m_peer = *peer;
            m_detail = "Cease / Administrative Reset";
            return "";
        }
    }
    return "no BGP session '" + m_target +
           "' (sessions are <circuit>/<primary|secondary>/<AzurePrivate|Microsoft> of a "
           "provisioned circuit's configured peering)";
}

void
BgpSessionReset::DoStart()
{
    m_speaker->GetSession(m_peer)->Reset({bgperr::kCease, bgperr::kAdministrativeReset, {}},
                                         Time(0));
}

void
BgpSessionReset::DoClear()
{
    // instantaneous: nothing to undo
}

} // namespace expressroute
} // namespace ns3
