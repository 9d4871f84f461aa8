// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bfd-tracked-route.h"

#include "expressroute-bfd.h"
#include "expressroute-fib-routing.h"

#include "ns3/log.h"

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBfdTrackedRoute");
NS_OBJECT_ENSURE_REGISTERED(BfdTrackedRoute);

TypeId
BfdTrackedRoute::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::BfdTrackedRoute")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<BfdTrackedRoute>();
    return tid;
}

BfdTrackedRoute::BfdTrackedRoute() = default;
BfdTrackedRoute::~BfdTrackedRoute() = default;

void
BfdTrackedRoute::Install(Ptr<FibRouting> routing,
                         const Ipv4Prefix& prefix,
                         std::vector<Hop> hops,
                         Ptr<BfdAgent> agent)
{
    NS_ASSERT(routing && agent && !hops.empty());
    m_routing = routing;
    m_prefix = prefix;
    m_hops = std::move(hops);
    m_everUp.assign(m_hops.size(), false);
    m_up.assign(m_hops.size(), false);
    std::vector<NextHop> all;
    for (std::size_t i = 0; i < m_hops.size(); ++i)
    {
        all.push_back(m_hops[i].nextHop);
        Ptr<BfdTrackedRoute> self(this);
        agent->AddSession(m_hops[i].session,
                          m_hops[i].local,
                          m_hops[i].peer,
                          Callback<void, BfdState>(
                              [self, i](BfdState state) { self->StateChanged(i, state); }));
    }
    m_routing->GetFib().Set(m_prefix, RouteSource::Static, std::move(all));
}

uint32_t
BfdTrackedRoute::GetUsableCount() const
{
    uint32_t n = 0;
    for (std::size_t i = 0; i < m_hops.size(); ++i)
    {
        n += (m_up[i] || !m_everUp[i]) ? 1 : 0;
    }
    return n;
}

void
BfdTrackedRoute::StateChanged(std::size_t hop, BfdState state)
{
    const uint32_t before = GetUsableCount();
    m_up[hop] = state == BfdState::Up;
    m_everUp[hop] = m_everUp[hop] || m_up[hop];
    if (GetUsableCount() != before)
    {
        NS_LOG_DEBUG(m_prefix.ToString() << " via " << m_hops[hop].peer << " "
                                         << ToString(state));
        Apply();
    }
}

void
BfdTrackedRoute::Apply()
{
    std::vector<NextHop> usable;
    for (std::size_t i = 0; i < m_hops.size(); ++i)
    {
        if (m_up[i] || !m_everUp[i])
        {
            usable.push_back(m_hops[i].nextHop);
        }
    }
    m_routing->SetStaticRoute(m_prefix, std::move(usable));
}

void
BfdTrackedRoute::DoDispose()
{
    m_routing = nullptr;
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
