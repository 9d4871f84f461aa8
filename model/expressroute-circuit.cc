// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-circuit.h"

#include "expressroute-enum-attribute.h"

#include "ns3/enum.h"
#include "ns3/string.h"

#include <cstdio>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Circuit);

TypeId
Circuit::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Circuit")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Circuit>()
            .AddAttribute("Name",
                          "Circuit name, as written in the scenario.",
                          StringValue(""),
                          MakeStringAccessor(&Circuit::m_name),
                          MakeStringChecker())
            .AddAttribute("Tier",
                          "SKU tier: Local, Standard or Premium ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-faqs).",
                          EnumClassValue(CircuitTier::Standard),
                          MakeEnumClassAccessor(&Circuit::m_tier),
                          MakeEnumClassChecker<CircuitTier>(CircuitTierNames(), ParseCircuitTier))
            .AddAttribute("Bandwidth",
                          "Purchased bandwidth, carried by each of the two links in each "
                          "direction: 50 Mbps .. 10 Gbps on provider circuits, 1 .. 100 Gbps on "
                          "Direct ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-faqs).",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&Circuit::m_bandwidth),
                          MakeDataRateChecker())
            .AddAttribute("ProvisioningState",
                          "Service-provider provisioning state; a circuit carries traffic only "
                          "when Provisioned ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-workflows).",
                          EnumClassValue(ProvisioningState::Provisioned),
                          MakeEnumClassAccessor(&Circuit::m_provisioning),
                          MakeEnumClassChecker<ProvisioningState>(ProvisioningStateNames(), ParseProvisioningState));
    return tid;
}

Circuit::Circuit()
{
    m_links[0].role = LinkRole::Primary;
    m_links[1].role = LinkRole::Secondary;
}

std::string
Circuit::GetServiceKey() const
{
    // FNV-1a of the name, spread over a GUID's 128 bits: stable across runs and machines.
    uint64_t h1 = 0xcbf29ce484222325ull;
    uint64_t h2 = 0x84222325cbf29ce4ull;
    for (unsigned char c : m_name)
    {
        h1 = (h1 ^ c) * 0x100000001b3ull;
        h2 = (h2 ^ c) * 0x100000001b3ull + 0x9e37ull;
    }
    char buf[40];
    std::snprintf(buf,
                  sizeof(buf),
                  "%08x-%04x-4%03x-8%03x-%012llx",
                  static_cast<unsigned>(h1 >> 32),
                  static_cast<unsigned>((h1 >> 16) & 0xffff),
                  static_cast<unsigned>(h1 & 0xfff),
                  static_cast<unsigned>((h2 >> 48) & 0xfff),
                  static_cast<unsigned long long>(h2 & 0xffffffffffffull));
    return buf;
}

Ptr<Peering>
Circuit::GetPeering(PeeringType type) const
{
    for (const auto& p : m_peerings)
    {
        if (p->GetType() == type)
        {
            return p;
        }
    }
    return nullptr;
}

void
Circuit::DoDispose()
{
    m_provider = nullptr;
    m_peerings.clear();
    for (auto& link : m_links)
    {
        link.msee = nullptr;
        link.edge = nullptr;
        link.edgeDevice = nullptr;
        link.mseeDevice = nullptr;
    }
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
