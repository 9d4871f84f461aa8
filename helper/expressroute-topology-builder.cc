// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-topology-builder.h"

#include "expressroute-backbone-channel.h"
#include "expressroute-backbone.h"
#include "expressroute-bfd-tracked-route.h"
#include "expressroute-bfd.h"
#include "expressroute-customer-site.h"
#include "expressroute-enum-attribute.h"
#include "expressroute-fib-routing-helper.h"
#include "expressroute-fib-routing.h"
#include "expressroute-geography.h"
#include "expressroute-igp.h"
#include "expressroute-scenario-address-plan.h"
#include "expressroute-scenario-loader.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <limits>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteTopologyBuilder");
NS_OBJECT_ENSURE_REGISTERED(TopologyBuilder);

TypeId
TopologyBuilder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::TopologyBuilder")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<TopologyBuilder>()
            .AddAttribute("LanRate",
                          "Rate of host links (on-premises hosts to CE, VMs to the gateway).",
                          DataRateValue(DataRate("10Gbps")),
                          MakeDataRateAccessor(&TopologyBuilder::m_lanRate),
                          MakeDataRateChecker())
            .AddAttribute("LanDelay",
                          "One-way delay of host links.",
                          TimeValue(MicroSeconds(10)),
                          MakeTimeAccessor(&TopologyBuilder::m_lanDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ControlPlane",
                          "Bgp: BGP sessions and BFD make the edge routes (the model). Static: "
                          "shortest-path routes computed once, no protocol running.",
                          EnumClassValue(ControlPlane::Bgp),
                          MakeEnumClassAccessor(&TopologyBuilder::m_controlPlane),
                          MakeEnumClassChecker<ControlPlane>(
                              {"Bgp", "Static"},
                              [](const std::string& n) -> std::optional<ControlPlane> {
                                  if (n == "Bgp")
                                  {
                                      return ControlPlane::Bgp;
                                  }
                                  if (n == "Static")
                                  {
                                      return ControlPlane::Static;
                                  }
                                  return std::nullopt;
                              }))
            .AddAttribute("InfrastructureMtu",
                          "MTU of Microsoft's internal links (MSEE attachments, backbone, "
                          "gateways): jumbo frames, so that IP-in-IP adds no fragmentation.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&TopologyBuilder::m_infraMtu),
                          MakeUintegerChecker<uint16_t>(1500, 9216))
            .AddAttribute("AccessRate",
                          "Rate of the customer-to-provider access link of Layer3 providers "
                          "(the circuit link proper, PE to MSEE, runs at the circuit bandwidth).",
                          DataRateValue(DataRate("10Gbps")),
                          MakeDataRateAccessor(&TopologyBuilder::m_accessRate),
                          MakeDataRateChecker())
            .AddAttribute("InternetRate",
                          "Rate of a site's internet uplink, which carries its VPN tunnels.",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&TopologyBuilder::m_internetRate),
                          MakeDataRateChecker())
            .AddAttribute("InternetStretch",
                          "Internet path length over the great-circle distance between a site "
                          "and a region. A model assumption (Microsoft publishes no internet "
                          "figure); Microsoft's backbone fits 1.53 (doc/backbone.md) and public "
                          "internet paths are usually longer.",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&TopologyBuilder::m_internetStretch),
                          MakeDoubleChecker<double>(1.0, 10.0))
            .AddAttribute("InternetBaseDelay",
                          "One-way delay of a VPN path beyond distance: access networks and "
                          "peering between ISPs (model assumption).",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&TopologyBuilder::m_internetBaseDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("InternetJitter",
                          "Largest extra delay a VPN packet can get on its internet path, uniform "
                          "from 0 (packets keep their order). A model assumption.",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&TopologyBuilder::m_internetJitter),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("InternetLossRate",
                          "Packet loss on each internet path, per direction.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&TopologyBuilder::m_internetLoss),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("InterfaceQueue",
                          "Transmit queue of every interface (CE, PE, MSEE, gateways, backbone, "
                          "internet, hosts), by TypeId. The default, PriorityQueue, sends BGP "
                          "and BFD (DSCP CS6) ahead of data, as routers do (RFC 4594 §3.2), so "
                          "that a full circuit drops data, not its routing; "
                          "ns3::DropTailQueue<Packet> treats them as data.",
                          StringValue("ns3::expressroute::PriorityQueue"),
                          MakeStringAccessor(&TopologyBuilder::m_interfaceQueue),
                          MakeStringChecker());
    return tid;
}

TopologyBuilder::TopologyBuilder() = default;
TopologyBuilder::~TopologyBuilder() = default;

Ptr<Node>
TopologyBuilder::NewNode(const std::string& name, NodeRole role)
{
    auto node = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    FibRoutingHelper routing;
    stack.SetRoutingHelper(routing);
    stack.Install(node);
    m_topology->AddNode(name, role, node);
    return node;
}

std::pair<uint32_t, uint32_t>
TopologyBuilder::NextInfraPair()
{
    const uint64_t base = m_infraNext;
    m_infraNext += 4;
    if (m_infraNext > m_infra.Size())
    {
        // Counted on in 240.0.0.0/4 (reserved, in no scenario) so that Build can state the size
        // the prefix needs before it refuses the scenario (CheckInfrastructurePrefix).
        const auto scratch = static_cast<uint32_t>(0xF0000000ULL + (base % 0x10000000ULL));
        return {scratch + 1, scratch + 2};
    }
    return {m_infra.At(base + 1), m_infra.At(base + 2)};
}

void
TopologyBuilder::CheckInfrastructurePrefix() const
{
    if (m_infraNext <= m_infra.Size())
    {
        return;
    }
    uint32_t length = 32;
    while (length > 0 && (uint64_t{1} << (32 - length)) < m_infraNext)
    {
        --length;
    }
    throw ScenarioLoadError(
        m_source,
        {{"/simulation/infrastructurePrefix",
          m_infra.ToString() + " holds " + std::to_string(m_infra.Size()) +
              " addresses, but this scenario's internal links (a /30 each: backbone, MSEE "
              "attachments, gateways, provider access, VPN) need " +
              std::to_string(m_infraNext) + ": use a /" + std::to_string(length) +
              " or larger (the default is " + DefaultInfrastructurePrefix().ToString() + ")"}});
}

void
TopologyBuilder::CheckRates(Ptr<Backbone> backbone) const
{
    const std::pair<const char*, DataRate> rates[] = {
        {"ns3::expressroute::TopologyBuilder::LanRate", m_lanRate},
        {"ns3::expressroute::TopologyBuilder::AccessRate", m_accessRate},
        {"ns3::expressroute::TopologyBuilder::InternetRate", m_internetRate},
        {"ns3::expressroute::Backbone::LinkRate", backbone->GetLinkRate()}};
    for (const auto& [name, rate] : rates)
    {
        if (rate.GetBitRate() == 0)
        {
            throw std::invalid_argument(std::string(name) +
                                        "=0bps: a link's rate must be greater than zero");
        }
    }
}

std::size_t
TopologyBuilder::Connect(Topology::Link link,
                         Ptr<Node> a,
                         Ptr<Node> b,
                         const std::vector<std::pair<uint32_t, uint32_t>>& addresses,
                         uint8_t prefixLength)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(link.rate));
    p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
    // No flow control: the traffic-control layer would otherwise drop, untraced, what arrives
    // while the device queue is full, control packets included; the queue decides instead.
    p2p.DisableFlowControl();
    NetDeviceContainer devs = p2p.Install(a, b);
    TypeId queue;
    NS_ABORT_MSG_UNLESS(TypeId::LookupByNameFailSafe(m_interfaceQueue, &queue),
                        "TopologyBuilder::InterfaceQueue: no queue type " << m_interfaceQueue);
    ObjectFactory factory(queue.GetName());
    for (uint32_t d = 0; d < 2; ++d)
    {
        DynamicCast<PointToPointNetDevice>(devs.Get(d))->SetQueue(factory.Create<Queue<Packet>>());
    }
    link.nodeA = a->GetId();
    link.nodeB = b->GetId();
    link.devA = devs.Get(0);
    link.devB = devs.Get(1);
    if (link.kind == LinkKind::Backbone || link.kind == LinkKind::Attachment ||
        link.kind == LinkKind::Region)
    {
        link.devA->SetMtu(m_infraMtu);
        link.devB->SetMtu(m_infraMtu);
    }
    if (link.kind == LinkKind::Internet)
    {
        // The VPN tunnel carries full 1500-byte packets inside its 20-byte IP-in-IP header, as
        // a CE clamping TCP's MSS would make fit; IPsec's own overhead is not modelled.
        link.devA->SetMtu(1500 + 20);
        link.devB->SetMtu(1500 + 20);
    }
    const Ipv4Mask mask(Ipv4Prefix::MaskOf(prefixLength));
    auto ipA = a->GetObject<Ipv4>();
    auto ipB = b->GetObject<Ipv4>();
    link.ifA = ipA->AddInterface(link.devA);
    link.ifB = ipB->AddInterface(link.devB);
    for (const auto& [addrA, addrB] : addresses)
    {
        ipA->AddAddress(link.ifA, Ipv4InterfaceAddress(Ipv4Address(addrA), mask));
        ipB->AddAddress(link.ifB, Ipv4InterfaceAddress(Ipv4Address(addrB), mask));
    }
    link.addrA = addresses.front().first;
    link.addrB = addresses.front().second;
    ipA->SetUp(link.ifA);
    ipB->SetUp(link.ifB);
    return m_topology->AddLink(std::move(link));
}

void
TopologyBuilder::AddDefaultRoute(Ptr<Node> host, const std::vector<std::size_t>& uplinks)
{
    std::vector<NextHop> hops;
    for (std::size_t l : uplinks)
    {
        const auto& link = m_topology->GetLinks()[l];
        NS_ASSERT(link.nodeB == host->GetId());
        hops.push_back(NextHop{link.ifB, link.addrA});
    }
    auto routing = DynamicCast<FibRouting>(host->GetObject<Ipv4>()->GetRoutingProtocol());
    routing->GetFib().Set(Ipv4Prefix{0, 0}, RouteSource::Static, hops);
}

void
TopologyBuilder::TrackSiteHostRoutes()
{
    for (const auto& [siteName, site] : m_topology->GetSites())
    {
        const auto& ces = site->GetCeRouters();
        if (ces.size() < 2)
        {
            continue;
        }
        for (const auto& host : site->GetHosts())
        {
            const std::string name = m_topology->GetNodeName(host->GetId());
            std::vector<std::string> names;
            std::vector<const Topology::Link*> uplinks;
            for (std::size_t r = 0; r < ces.size(); ++r)
            {
                names.push_back(name + "/uplink" + std::to_string(r + 1));
                uplinks.push_back(&m_topology->GetLinks().at(*m_topology->FindLink(names.back())));
            }
            // The site's LAN reaches the host from every CE: each CE delivers the host's
            // addresses on the other uplinks over its own (the host accepts any of its
            // addresses on any interface), so that a connection keeps its source address when
            // its CE fails, instead of following the interior route through the dead CE.
            for (std::size_t r = 0; r < ces.size(); ++r)
            {
                auto routing = DynamicCast<FibRouting>(ces[r]->GetObject<Ipv4>()->GetRoutingProtocol());
                for (std::size_t k = 0; k < ces.size(); ++k)
                {
                    if (k != r)
                    {
                        routing->GetFib().Set(Ipv4Prefix{uplinks[k]->addrB, 32},
                                              RouteSource::Static,
                                              {NextHop{uplinks[r]->ifA, uplinks[r]->addrB}});
                    }
                }
            }
            std::vector<BfdTrackedRoute::Hop> hops;
            for (std::size_t r = 0; r < ces.size(); ++r)
            {
                const auto& link = *uplinks[r];
                hops.push_back({NextHop{link.ifB, link.addrA},
                                names[r] + "/host",
                                Ipv4Address(link.addrB),
                                Ipv4Address(link.addrA)});
                // The CE answers; it acts on nothing (its routes do not depend on one host).
                BfdAgentOf(ces[r])
                    ->AddSession(names[r] + "/ce",
                                 Ipv4Address(link.addrA),
                                 Ipv4Address(link.addrB),
                                 Callback<void, BfdState>([](BfdState) {}));
            }
            auto routing = DynamicCast<FibRouting>(host->GetObject<Ipv4>()->GetRoutingProtocol());
            // Reached through the other CE while an uplink is down (a Signalled CeFailure):
            // its address on that uplink is still the host's, not forwarded back out.
            routing->SetAttribute("KeepAddressesWhenDown", BooleanValue(true));
            auto tracked = CreateObject<BfdTrackedRoute>();
            tracked->Install(routing, Ipv4Prefix{0, 0}, std::move(hops), BfdAgentOf(host));
            host->AggregateObject(tracked); // disposed with the host
        }
    }
}

Ptr<Node>
TopologyBuilder::AttachHost(const std::string& name,
                            NodeRole role,
                            const std::vector<Ptr<Node>>& routers,
                            const Ipv4Prefix& space,
                            uint32_t index,
                            uint32_t count,
                            const std::string& path)
{
    // Each host link is a /30 carved from the address space: router .1, host .2 of the block.
    const uint64_t needed = 4ull * count * routers.size();
    if (needed > space.Size())
    {
        throw ScenarioLoadError(m_source,
                                {{path,
                                  "prefix " + space.ToString() + " is too small for " +
                                      std::to_string(count) + " host(s) on " +
                                      std::to_string(routers.size()) +
                                      " router(s): each host link takes a /30 (" +
                                      std::to_string(needed) + " addresses needed)"}});
    }
    auto host = NewNode(name, role);
    std::vector<std::size_t> uplinks;
    for (std::size_t r = 0; r < routers.size(); ++r)
    {
        const uint64_t block = 4ull * (index + r * count);
        Topology::Link proto;
        proto.name = name + "/uplink" + std::to_string(r + 1);
        proto.kind = LinkKind::Lan;
        proto.rate = m_lanRate;
        proto.delay = m_lanDelay;
        uplinks.push_back(
            Connect(proto, routers[r], host, {{space.At(block + 1), space.At(block + 2)}}, 30));
    }
    AddDefaultRoute(host, uplinks);
    return host;
}

void
TopologyBuilder::BuildBackbone()
{
    auto backbone = m_topology->GetBackbone();
    int64_t backboneLinks = 0;
    for (const auto& region : backbone->GetRouters())
    {
        NewNode("bb/" + region, NodeRole::BackboneRouter);
    }
    for (const auto& l : backbone->GetLinks())
    {
        Topology::Link proto;
        proto.name = "backbone/" + l.a + "--" + l.b;
        proto.kind = LinkKind::Backbone;
        proto.rate = backbone->GetLinkRate();
        proto.delay = l.delay;
        const std::size_t link = Connect(proto,
                                         m_topology->GetNode("bb/" + l.a),
                                         m_topology->GetNode("bb/" + l.b),
                                         {NextInfraPair()},
                                         30);
        if (BackboneChannel::GetDefaultJitterRatio() > 0)
        {
            // Per-packet jitter (doc/backbone.md, "Jitter"): the link's wire becomes a
            // BackboneChannel, its stream fixed by the link's order, so that runs stay
            // identical for a seed and run.
            auto wire = CreateObject<BackboneChannel>();
            wire->SetAttribute("Delay", TimeValue(l.delay));
            wire->AssignStreams(RandomStream(StreamKind::BackboneJitter, backboneLinks++));
            const auto& built = m_topology->GetLinks()[link];
            DynamicCast<PointToPointNetDevice>(built.devA)->Attach(wire);
            DynamicCast<PointToPointNetDevice>(built.devB)->Attach(wire);
        }
    }
}

Ptr<Topology>
TopologyBuilder::BuildBackboneOnly(const std::vector<std::string>& regionHosts,
                                   Ptr<Geography> geography,
                                   Ptr<Backbone> backbone)
{
    m_topology = CreateObject<Topology>();
    m_topology->SetGeography(geography);
    m_topology->SetBackbone(backbone);
    m_targets.clear();
    m_infra = DefaultInfrastructurePrefix();
    m_infraNext = 0;
    BuildBackbone();
    std::set<uint32_t> routers;
    for (const auto& region : backbone->GetRouters())
    {
        routers.insert(m_topology->GetNode("bb/" + region)->GetId());
    }
    for (const auto& region : regionHosts)
    {
        auto host = NewNode("region/" + region + "/host", NodeRole::RegionHost);
        const auto pair = NextInfraPair();
        Topology::Link proto;
        proto.name = "region/" + region;
        proto.kind = LinkKind::Region;
        proto.rate = backbone->GetLinkRate();
        proto.delay = backbone->GetAccessDelay(region);
        const std::size_t l = Connect(proto, m_topology->GetNode("bb/" + region), host, {pair}, 30);
        AddDefaultRoute(host, {l});
        m_targets.push_back({Ipv4Prefix{pair.second, 32}, {host->GetId()}, routers, {}});
    }
    InstallRoutes();
    return m_topology;
}

void
TopologyBuilder::InstallRoutes()
{
    // A raw pointer: the filter lives in the topology's own Igp (no reference cycle).
    Topology* topology = PeekPointer(m_topology);
    auto igp = CreateObject<Igp>();
    igp->Configure(m_topology, m_targets, [topology](std::size_t index) {
        const auto& link = topology->GetLinks()[index];
        if (link.circuit.empty())
        {
            return true;
        }
        auto circuit = topology->GetCircuit(link.circuit);
        return !circuit || circuit->GetProvisioningState() == ProvisioningState::Provisioned;
    });
    m_topology->SetIgp(igp);
}

} // namespace expressroute
} // namespace ns3
