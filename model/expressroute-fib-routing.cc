// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-fib-routing.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/packet.h"

#include <iomanip>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteFibRouting");
NS_OBJECT_ENSURE_REGISTERED(FibRouting);

namespace
{
constexpr uint8_t kIpInIp = 4;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
} // namespace

TypeId
FibRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::FibRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<FibRouting>()
                            .AddTraceSource("InterfaceState",
                                            "An interface went down or came up.",
                                            MakeTraceSourceAccessor(&FibRouting::m_interfaceState),
                                            "ns3::expressroute::FibRouting::InterfaceStateCallback")
                            .AddAttribute("KeepAddressesWhenDown",
                                          "Packets for an address of a down interface are still "
                                          "delivered here when they arrive on another one (a "
                                          "site's host, which stands for its LAN and is "
                                          "reached through either CE router); otherwise they are "
                                          "forwarded like any other.",
                                          BooleanValue(false),
                                          MakeBooleanAccessor(&FibRouting::m_keepAddresses),
                                          MakeBooleanChecker())
                            .AddTraceSource("StaticRouteChanged",
                                            "A static route was set or removed while running.",
                                            MakeTraceSourceAccessor(&FibRouting::m_staticRoute),
                                            "ns3::expressroute::FibRouting::StaticRouteCallback");
    return tid;
}

FibRouting::FibRouting() = default;
FibRouting::~FibRouting() = default;

void
FibRouting::SetStaticRoute(const Ipv4Prefix& prefix, std::vector<NextHop> nextHops)
{
    const auto count = static_cast<uint32_t>(nextHops.size());
    if (nextHops.empty())
    {
        m_fib.Remove(prefix, RouteSource::Static);
    }
    else
    {
        m_fib.Set(prefix, RouteSource::Static, std::move(nextHops));
    }
    m_staticRoute(prefix.ToString(), count);
}

void
FibRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (m_ipv4->IsUp(i))
        {
            NotifyInterfaceUp(i);
        }
    }
}

void
FibRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_forwardFilter = ForwardFilter();
    m_jitter = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
FibRouting::AddConnected(uint32_t interface, const Ipv4InterfaceAddress& address)
{
    const uint32_t local = address.GetLocal().Get();
    m_local.insert(local);
    const uint32_t mask = address.GetMask().Get();
    if (mask == 0xffffffffu || address.GetLocal().IsLocalhost())
    {
        return;
    }
    m_broadcast.insert(local | ~mask);
    const Ipv4Prefix prefix{local & mask, static_cast<uint8_t>(address.GetMask().GetPrefixLength())};
    m_fib.Set(prefix, RouteSource::Connected, {NextHop{interface, 0}});
}

void
FibRouting::RemoveConnected(uint32_t interface, const Ipv4InterfaceAddress& address)
{
    const uint32_t local = address.GetLocal().Get();
    if (!m_keepAddresses)
    {
        m_local.erase(local);
    }
    const uint32_t mask = address.GetMask().Get();
    m_broadcast.erase(local | ~mask);
    const Ipv4Prefix prefix{local & mask, static_cast<uint8_t>(address.GetMask().GetPrefixLength())};
    m_fib.Remove(prefix, RouteSource::Connected);
}

void
FibRouting::NotifyInterfaceUp(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    if (m_ecmpSeed == 0 && m_ipv4)
    {
        m_ecmpSeed = m_ipv4->GetObject<Node>() ? m_ipv4->GetObject<Node>()->GetId() + 1 : 1;
    }
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        AddConnected(interface, m_ipv4->GetAddress(interface, j));
    }
    m_interfaceState(interface, false);
}

void
FibRouting::NotifyInterfaceDown(uint32_t interface)
{
    NS_LOG_FUNCTION(this << interface);
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        RemoveConnected(interface, m_ipv4->GetAddress(interface, j));
    }
    m_interfaceState(interface, true);
}

void
FibRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_ipv4->IsUp(interface))
    {
        AddConnected(interface, address);
    }
}

void
FibRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    RemoveConnected(interface, address);
}

std::optional<NextHop>
FibRouting::SelectNextHop(uint32_t src,
                          uint32_t dst,
                          uint8_t protocol,
                          uint16_t srcPort,
                          uint16_t dstPort) const
{
    const FibEntry* entry = m_fib.Lookup(dst);
    if (!entry)
    {
        return std::nullopt;
    }
    const auto& hops = entry->nextHops;
    // Skip next hops whose interface is down (signalled failure); the common case has all up.
    uint32_t up = 0;
    for (const auto& h : hops)
    {
        up += m_ipv4->IsUp(h.interface) ? 1 : 0;
    }
    if (up == 0)
    {
        return std::nullopt;
    }
    uint32_t pick = SelectEcmpPath(up, src, dst, protocol, srcPort, dstPort, m_ecmpSeed);
    for (const auto& h : hops)
    {
        if (m_ipv4->IsUp(h.interface) && pick-- == 0)
        {
            return h;
        }
    }
    return std::nullopt;
}

Ptr<Ipv4Route>
FibRouting::MakeRoute(const NextHop& hop, uint32_t dst) const
{
    auto route = Create<Ipv4Route>();
    route->SetDestination(Ipv4Address(dst));
    route->SetGateway(Ipv4Address(hop.gateway));
    route->SetOutputDevice(m_ipv4->GetNetDevice(hop.interface));
    route->SetSource(SourceAddress(hop.interface, hop.gateway ? hop.gateway : dst));
    return route;
}

Ipv4Address
FibRouting::SourceAddress(uint32_t interface, uint32_t towards) const
{
    // An interface with several subnets (a circuit link's private and Microsoft peerings, each
    // on its own VLAN) sends from the address on the subnet of the next hop, as a router's
    // connected route does; ns-3's TCP takes its local address from here even when bound.
    for (uint32_t j = 0; j < m_ipv4->GetNAddresses(interface); ++j)
    {
        const auto a = m_ipv4->GetAddress(interface, j);
        if (a.GetMask().IsMatch(a.GetLocal(), Ipv4Address(towards)))
        {
            return a.GetLocal();
        }
    }
    return m_ipv4->GetAddress(interface, 0).GetLocal();
}

std::optional<NextHop>
FibRouting::SelectLocalNextHop(uint32_t src, uint32_t dst, uint8_t protocol) const
{
    const uint32_t asked = protocol == 17 ? Ipv4Address().Get() : src;
    return SelectNextHop(asked, dst, protocol, 0, 0);
}

Ptr<Ipv4Route>
FibRouting::RouteOutput(Ptr<Packet> p,
                        const Ipv4Header& header,
                        Ptr<NetDevice> oif,
                        Socket::SocketErrno& sockerr)
{
    const uint32_t dst = header.GetDestination().Get();
    // Locally originated traffic: the L4 header is not on the packet yet, so the hash uses the
    // addresses and protocol (SelectLocalNextHop predicts this choice).
    auto hop = SelectNextHop(header.GetSource().Get(), dst, header.GetProtocol(), 0, 0);
    if (!hop || (oif && m_ipv4->GetNetDevice(hop->interface) != oif))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return MakeRoute(*hop, dst);
}

bool
FibRouting::RouteInput(Ptr<const Packet> p,
                       const Ipv4Header& header,
                       Ptr<const NetDevice> idev,
                       UnicastForwardCallback ucb,
                       MulticastForwardCallback mcb,
                       LocalDeliverCallback lcb,
                       ErrorCallback ecb)
{
    const uint32_t dst = header.GetDestination().Get();
    const int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (m_local.count(dst) || m_broadcast.count(dst) || dst == 0xffffffffu)
    {
        if (header.GetProtocol() == kIpInIp && m_local.count(dst) && p->GetSize() >= 20)
        {
            // End of a tunnel: take the inner packet and route it as if it had just arrived.
            Ptr<Packet> inner = p->Copy();
            Ipv4Header innerHeader;
            inner->RemoveHeader(innerHeader);
            return RouteInput(inner, innerHeader, idev, ucb, mcb, lcb, ecb);
        }
        lcb(p, header, iif);
        return true;
    }
    if (header.GetDestination().IsMulticast())
    {
        return false;
    }
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;
    const uint8_t proto = header.GetProtocol();
    if ((proto == kTcp || proto == kUdp) && header.GetFragmentOffset() == 0 &&
        p->GetSize() >= 4)
    {
        uint8_t ports[4];
        p->CopyData(ports, 4);
        srcPort = static_cast<uint16_t>(ports[0] << 8 | ports[1]);
        dstPort = static_cast<uint16_t>(ports[2] << 8 | ports[3]);
    }
    auto hop = SelectNextHop(header.GetSource().Get(), dst, proto, srcPort, dstPort);
    if (!hop)
    {
        NS_LOG_LOGIC("no route dst=" << Ipv4Address(dst));
        return false; // Ipv4L3Protocol drops it and fires its Drop trace (DROP_NO_ROUTE)
    }
    if (!m_forwardFilter.IsNull() &&
        !m_forwardFilter(p->GetSize() + header.GetSerializedSize(), header, srcPort, dstPort,
                         static_cast<uint32_t>(iif), hop->interface))
    {
        return true; // policed: consumed and counted by the filter
    }
    if (hop->tunnel != 0)
    {
        // The next hop is a BGP next hop across the backbone: carry the packet IP-in-IP to it
        // (RFC 2003), along the interior route that 'hop' follows.
        if (header.GetTtl() <= 1)
        {
            return false;
        }
        Ipv4Header inner = header;
        inner.SetTtl(header.GetTtl() - 1);
        Ptr<Packet> outer = p->Copy();
        outer->AddHeader(inner);
        Ipv4Header outerHeader;
        outerHeader.SetSource(SourceAddress(hop->interface, hop->gateway ? hop->gateway : hop->tunnel));
        outerHeader.SetDestination(Ipv4Address(hop->tunnel));
        outerHeader.SetProtocol(kIpInIp);
        outerHeader.SetTos(header.GetTos()); // RFC 2003 §3.1: the outer TOS copies the inner
        outerHeader.SetTtl(64);
        outerHeader.SetPayloadSize(outer->GetSize());
        ucb(MakeRoute(*hop, hop->tunnel), outer, outerHeader);
        return true;
    }
    if (m_jitter)
    {
        // Jitter without reordering: each packet leaves after a random hold, never before the
        // one ahead of it.
        const Time now = Simulator::Now();
        const Time departure = std::max(
            m_lastDeparture, now + NanoSeconds(static_cast<int64_t>(
                                   m_jitter->GetValue(0, m_maxJitter.GetNanoSeconds()))));
        m_lastDeparture = departure;
        Simulator::Schedule(departure - now, [ucb, route = MakeRoute(*hop, dst), p, header]() {
            ucb(route, p, header);
        });
        return true;
    }
    ucb(MakeRoute(*hop, dst), p, header);
    return true;
}

void
FibRouting::SetForwardJitter(Time maxJitter, int64_t stream)
{
    m_maxJitter = maxJitter;
    if (maxJitter.IsStrictlyPositive())
    {
        m_jitter = CreateObject<UniformRandomVariable>();
        m_jitter->SetStream(stream);
    }
}

void
FibRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", FibRouting, " << m_fib.Size()
       << " prefixes\n";
    for (const auto& e : m_fib.Entries())
    {
        os << std::left << std::setw(20) << e.prefix.ToString();
        for (const auto& h : e.nextHops)
        {
            os << " if" << h.interface << (h.gateway ? " via " + FormatIpv4(h.gateway) : "");
        }
        os << "\n";
    }
}

} // namespace expressroute
} // namespace ns3
