// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-gateway-data-path.h"

#include "expressroute-fib-routing.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteGatewayDataPath");
NS_OBJECT_ENSURE_REGISTERED(GatewayDataPath);

TypeId
GatewayDataPath::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::GatewayDataPath")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<GatewayDataPath>()
            .AddAttribute("Throughput",
                          "Aggregate throughput per direction in bit/s (the SKU's: ErGw1Az 1 Gbps, "
                          "ErGw2Az 2 Gbps, ErGw3Az 10 Gbps; "
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways).",
                          UintegerValue(1'000'000'000),
                          MakeUintegerAccessor(&GatewayDataPath::m_throughputBps),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("PacketsPerSecond",
                          "Packets per second per direction (ErGw1Az 100,000; "
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways).",
                          UintegerValue(100'000),
                          MakeUintegerAccessor(&GatewayDataPath::m_packetsPerSecond),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("Instances",
                          "Instances sharing the load. Azure runs several per gateway and does "
                          "not publish how many ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways); 2 is the model's assumption.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&GatewayDataPath::m_instances),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("FastPath",
                          "Traffic towards the VNet bypasses the data path ("
                          "https://learn.microsoft.com/azure/expressroute/about-fastpath).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&GatewayDataPath::m_fastPath),
                          MakeBooleanChecker())
            .AddAttribute("BurstTime",
                          "Depth of the token buckets in time at the capped rate. The caps "
                          "allow no sustained burst ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-about-virtual-network-gateways); 10 ms absorbs packets that "
                          "arrive together, as a NIC queue would.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&GatewayDataPath::m_burst),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("RepinDelay",
                          "How long the flows pinned to an instance that goes out of service are "
                          "lost before they move to another (their connections reset; fact "
                          "sheet §6: pinned flows blip, Microsoft suggests 15-30 s TCP timeouts "
                          "on-premises). No published figure: 1 s is the model's assumption.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&GatewayDataPath::m_repinDelay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Drop",
                            "A packet was dropped at the cap: instance, towards the VNet.",
                            MakeTraceSourceAccessor(&GatewayDataPath::m_dropTrace),
                            "ns3::TracedValueCallback::Void")
            .AddTraceSource("InstanceChanged",
                            "An instance went out of service (false) or came back (true): "
                            "instance, up. The flows pinned to it move RepinDelay later.",
                            MakeTraceSourceAccessor(&GatewayDataPath::m_instanceChanged),
                            "ns3::TracedValueCallback::Void");
    return tid;
}

GatewayDataPath::GatewayDataPath() = default;
GatewayDataPath::~GatewayDataPath() = default;

void
GatewayDataPath::Install(Ptr<Node> node, std::set<uint32_t> vnetSide)
{
    m_vnetSide = std::move(vnetSide);
    m_up.assign(m_instances, true);
    m_downSince.assign(m_instances, Time(0));
    UpdateInService();
    m_buckets.assign(m_instances * 2, Bucket{});
    auto routing = DynamicCast<FibRouting>(node->GetObject<Ipv4>()->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!routing, "the gateway node has no FibRouting");
    routing->SetForwardFilter(MakeCallback(&GatewayDataPath::Pass, this));
}

void
GatewayDataPath::SetInstanceUp(uint32_t i, bool up)
{
    if (i < m_up.size())
    {
        if (m_up[i] && !up)
        {
            m_downSince[i] = Simulator::Now();
        }
        const bool changed = m_up[i] != up;
        m_up[i] = up;
        UpdateInService();
        if (changed)
        {
            m_instanceChanged(i, up);
        }
    }
}

uint32_t
GatewayDataPath::GetInstancesUp() const
{
    return static_cast<uint32_t>(m_inService.size());
}

void
GatewayDataPath::UpdateInService()
{
    m_inService.clear();
    for (uint32_t i = 0; i < m_up.size(); ++i)
    {
        if (m_up[i])
        {
            m_inService.push_back(i);
        }
    }
}

bool
GatewayDataPath::Pass(uint32_t bytes,
                      const Ipv4Header& header,
                      uint16_t srcPort,
                      uint16_t dstPort,
                      uint32_t iif,
                      uint32_t oif)
{
    if (m_exempt.count(iif) || m_exempt.count(oif))
    {
        return true;
    }
    const int dir = m_vnetSide.count(oif) ? 0 : 1;
    if (dir == 0 && m_fastPath)
    {
        m_counters.bypassedBytes += bytes;
        return true;
    }
    const int32_t chosen = InstanceOf(header.GetSource().Get(), header.GetDestination().Get(),
                                      header.GetProtocol(), srcPort, dstPort);
    if (chosen < 0)
    {
        ++m_counters.droppedPackets[dir];
        m_counters.droppedBytes[dir] += bytes;
        if (!m_inService.empty())
        {
            m_dropTrace(static_cast<uint32_t>(-chosen - 1), dir == 0);
        }
        return false;
    }
    const auto instance = static_cast<uint32_t>(chosen);
    Bucket& b = m_buckets[instance * 2 + dir];
    // Each instance has its share of the gateway's capacity.
    const double bitRate = static_cast<double>(m_throughputBps) / m_instances;
    const double pktRate = static_cast<double>(m_packetsPerSecond) / m_instances;
    const double depthBits = std::max(bitRate * m_burst.GetSeconds(), 8.0 * 1600);
    const double depthPkts = std::max(pktRate * m_burst.GetSeconds(), 1.0);
    const Time now = Simulator::Now();
    if (b.last.IsZero() && b.bits == 0 && b.packets == 0)
    {
        b.bits = depthBits;
        b.packets = depthPkts;
    }
    else
    {
        const double dt = (now - b.last).GetSeconds();
        b.bits = std::min(depthBits, b.bits + dt * bitRate);
        b.packets = std::min(depthPkts, b.packets + dt * pktRate);
    }
    b.last = now;
    if (b.bits < 8.0 * bytes || b.packets < 1.0)
    {
        ++m_counters.droppedPackets[dir];
        m_counters.droppedBytes[dir] += bytes;
        m_dropTrace(instance, dir == 0);
        return false;
    }
    b.bits -= 8.0 * bytes;
    b.packets -= 1.0;
    m_counters.bytes[dir] += bytes;
    ++m_counters.packets[dir];
    return true;
}

bool
GatewayDataPath::Drops(uint32_t src,
                       uint32_t dst,
                       uint8_t protocol,
                       uint16_t srcPort,
                       uint16_t dstPort,
                       uint32_t iif,
                       uint32_t oif) const
{
    // Pass's rule without its token buckets.
    if (m_exempt.count(iif) || m_exempt.count(oif) || (m_fastPath && m_vnetSide.count(oif)))
    {
        return false;
    }
    return InstanceOf(src, dst, protocol, srcPort, dstPort) < 0;
}

int32_t
GatewayDataPath::InstanceOf(uint32_t src,
                            uint32_t dst,
                            uint8_t protocol,
                            uint16_t srcPort,
                            uint16_t dstPort) const
{
    if (m_inService.empty())
    {
        return -1;
    }
    // A hash of the 5-tuple over the instances.
    uint64_t h = uint64_t(src) << 32 | dst;
    h ^= uint64_t(protocol) << 32 | uint64_t(srcPort) << 16 | dstPort;
    // splitmix64's finaliser: every input bit reaches the low bits used below.
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    // A flow whose instance went out of service less than RepinDelay ago is still lost.
    const auto pinned = static_cast<uint32_t>(h % m_up.size());
    if (!m_up[pinned] && Simulator::Now() < m_downSince[pinned] + m_repinDelay)
    {
        return -1 - static_cast<int32_t>(pinned);
    }
    return static_cast<int32_t>(m_up[pinned] ? pinned : m_inService[h % m_inService.size()]);
}

} // namespace expressroute
} // namespace ns3
