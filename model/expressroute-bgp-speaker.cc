// SPDX-License-Identifier: GPL-2.0-only
// BgpSpeaker, part 1: the sessions (listening, accepting, state changes) and the Adj-RIBs-In.
// Part 2, expressroute-bgp-decision.cc: the decision process (Loc-RIB) and the FIB. Part 3,
// expressroute-bgp-export.cc: the Adj-RIBs-Out and export.
#include "expressroute-bgp-speaker.h"

#include "expressroute-bfd.h"
#include "expressroute-bgp-wire.h"
#include "expressroute-fib-routing.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBgpSpeaker");
NS_OBJECT_ENSURE_REGISTERED(BgpSpeaker);

namespace
{

/// What BgpPeerPolicy::stripCommunities removes. Every kind of community goes, and so do the
/// optional transitive attributes the codec does not recognise: what a customer attaches to
/// its routes, none of which Microsoft documents acting on or passing on, and which would
/// otherwise reach the gateways and other customers' networks over Global Reach. OTC
/// (RFC 9234) stays: it is not a tag but the mark of a route leak, for the receiver to act on.
void
StripCommunities(BgpPathAttributes& a)
{
    a.communities.clear();
    a.passOn.erase(std::remove_if(a.passOn.begin(),
                                  a.passOn.end(),
                                  [](const BgpRawAttribute& raw) {
                                      return raw.type != bgpwire::kOnlyToCustomerType;
                                  }),
                   a.passOn.end());
}

/// What BgpPeerPolicy::removePrivateAsns removes: every private ASN (RFC 6996) of the AS path,
/// and the segments left empty.
void
RemovePrivateAsns(BgpPathAttributes& a)
{
    if (!a.asPath)
    {
        return;
    }
    auto isPrivate = [](uint32_t asn) {
        return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000u && asn <= 4294967294u);
    };
    for (auto& segment : *a.asPath)
    {
        segment.asns.erase(std::remove_if(segment.asns.begin(), segment.asns.end(), isPrivate),
                           segment.asns.end());
    }
    a.asPath->erase(std::remove_if(a.asPath->begin(),
                                   a.asPath->end(),
                                   [](const BgpAsPathSegment& s) { return s.asns.empty(); }),
                    a.asPath->end());
}

} // namespace

TypeId
BgpSpeaker::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::BgpSpeaker")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<BgpSpeaker>()
            .AddAttribute("Asn",
                          "This router's ASN (MSEE 12076, gateway 65515: "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-routing).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&BgpSpeaker::m_asn),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RouterId",
                          "BGP identifier (RFC 4271 §4.2).",
                          Ipv4AddressValue(Ipv4Address("0.0.0.0")),
                          MakeIpv4AddressAccessor(&BgpSpeaker::m_routerId),
                          MakeIpv4AddressChecker())
            .AddAttribute("MaxPaths",
                          "Equal routes installed together (multipath). Azure balances per flow "
                          "over both links of a circuit ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "designing-for-high-availability-with-expressroute).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&BgpSpeaker::m_maxPaths),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("FibDelay",
                          "Time between a best-path change of a prefix the FIB has and its use in "
                          "forwarding (the router reprogramming its FIB); a new prefix goes in at "
                          "once. 0: every change at once. The ExpressRoute gateway's comes from "
                          "ErGateway::RouteProgrammingDelay.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&BgpSpeaker::m_fibDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Dscp",
                          "DSCP of BGP packets: CS6 (48), Network Control (RFC 4594 §3.2), which "
                          "routers queue ahead of data (PriorityQueueDisc).",
                          UintegerValue(48),
                          MakeUintegerAccessor(&BgpSpeaker::m_dscp),
                          MakeUintegerChecker<uint8_t>(0, 63))
            .AddAttribute("EnforceFirstAs",
                          "Treat a route from an external peer whose AS_PATH does not begin "
                          "with the peer's ASN as withdrawn (RFC 4271 §6.3 allows the check; "
                          "RFC 7606 §7.2 makes it treat-as-withdraw). FRR and Cisco IOS check it "
                          "by default ('enforce-first-as').",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BgpSpeaker::m_enforceFirstAs),
                          MakeBooleanChecker())
            .AddAttribute("FallOver",
                          "Close a session at once when the interior routing loses every route "
                          "to its peer's address (BGP 'neighbor fall-over', next-hop tracking of "
                          "the peer itself), as BFD would, instead of waiting for the hold timer "
                          "(180 s on Microsoft's side: "
                          "https://learn.microsoft.com/azure/expressroute/expressroute-faqs). "
                          "It is checked whenever the interior routing of the MSEEs and gateways "
                          "reconverges, and on any router when one of its interfaces goes down or "
                          "up; a default route does not count. Microsoft does not publish how "
                          "those detect an isolated router; without it, an MSEE cut off for less "
                          "than the hold time keeps its sessions, and the routes it held come "
                          "back with it before its withdrawals do.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BgpSpeaker::m_fallOver),
                          MakeBooleanChecker())
            .AddTraceSource("SessionStateChanged",
                            "A session changed state.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_sessionStateChanged),
                            "ns3::expressroute::BgpSpeaker::SessionStateChangedCallback")
            .AddTraceSource("UpdateReceived",
                            "An UPDATE arrived.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_updateReceived),
                            "ns3::expressroute::BgpSpeaker::UpdateReceivedCallback")
            .AddTraceSource("BestPathChanged",
                            "The best path of a prefix changed, with the deciding step.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_bestPathChanged),
                            "ns3::expressroute::BgpSpeaker::BestPathChangedCallback")
            .AddTraceSource("FibProgrammed",
                            "A best-path change reached the FIB FibDelay after BestPathChanged "
                            "(only when FibDelay is not 0): the prefix.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_fibProgrammed),
                            "ns3::expressroute::BgpSpeaker::FibProgrammedCallback")
            .AddTraceSource("PrefixLimitExceeded",
                            "A peer advertised more prefixes than its limit.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_prefixLimitExceeded),
                            "ns3::expressroute::BgpSpeaker::PrefixLimitExceededCallback")
            .AddTraceSource("Notification",
                            "A NOTIFICATION was sent or received.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_notification),
                            "ns3::expressroute::BgpSpeaker::NotificationCallback")
            .AddTraceSource("RouteTooLarge",
                            "A route was not sent to a peer: its attributes, as they would go "
                            "out, leave no room for the prefix in one 4,096-byte UPDATE (RFC "
                            "4271 §4); the peer's earlier route to the prefix is withdrawn.",
                            MakeTraceSourceAccessor(&BgpSpeaker::m_routeTooLarge),
                            "ns3::expressroute::BgpSpeaker::RouteTooLargeCallback");
    return tid;
}

BgpSpeaker::BgpSpeaker() = default;
BgpSpeaker::~BgpSpeaker() = default;

void
BgpSpeaker::DoDispose()
{
    for (auto& p : m_peers)
    {
        p.session->Dispose();
        p.session = nullptr;
    }
    m_peers.clear();
    m_listener = nullptr;
    Application::DoDispose();
}

uint32_t
BgpSpeaker::AddPeer(const BgpPeerConfig& config, const BgpPeerPolicy& policy)
{
    Peer p;
    p.config = config;
    p.config.localAsn = m_asn;
    p.config.routerId = m_routerId.Get();
    p.policy = policy;
    p.session = CreateObject<BgpSession>();
    m_peers.push_back(std::move(p));
    return static_cast<uint32_t>(m_peers.size() - 1);
}

uint32_t
BgpSpeaker::AttachBfd(uint32_t peer, Ptr<BfdAgent> agent)
{
    const auto& c = m_peers.at(peer).config;
    auto session = m_peers[peer].session;
    auto up = std::make_shared<bool>(false);
    return agent->AddSession(c.name, c.localAddress, c.peerAddress,
                             Callback<void, BfdState>([session, up](BfdState state) {
                                 if (state == BfdState::Up)
                                 {
                                     *up = true;
                                 }
                                 else if (state == BfdState::Down && *up)
                                 {
                                     *up = false;
                                     session->BfdDown();
                                 }
                             }));
}

std::optional<uint32_t>
BgpSpeaker::FindPeer(const std::string& name) const
{
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        if (m_peers[i].config.name == name)
        {
            return i;
        }
    }
    return std::nullopt;
}

void
BgpSpeaker::SetPolicy(uint32_t peer, const BgpPeerPolicy& policy)
{
    m_peers.at(peer).policy = policy;
    // Import side: re-apply to what the peer sent; export side: re-advertise everything.
    for (auto& [prefix, route] : m_peers[peer].ribIn)
    {
        route.weight = policy.weight;
        route.importPrepend = policy.importPrepend;
        if (policy.localPref)
        {
            route.attributes.localPref = policy.localPref;
        }
        MarkDirty(prefix);
    }
    std::set<Ipv4Prefix> all;
    for (const auto& [prefix, sel] : m_locRib)
    {
        all.insert(prefix);
    }
    if (m_peers[peer].config.maxExportPrefixes > 0)
    {
        CheckExportLimits(all); // its export policy changed for every prefix
    }
    Export(peer, all);
}

void
BgpSpeaker::Originate(const Ipv4Prefix& prefix, const BgpOrigination& how)
{
    auto [it, inserted] = m_originated.try_emplace(prefix, how);
    if (!inserted)
    {
        auto merge = [](auto& into, const auto& from) {
            for (const auto& v : from)
            {
                if (std::find(into.begin(), into.end(), v) == into.end())
                {
                    into.push_back(v);
                }
            }
        };
        if (it->second.vrfs.empty() || how.vrfs.empty())
        {
            it->second.vrfs.clear(); // every domain
        }
        else
        {
            merge(it->second.vrfs, how.vrfs);
        }
        merge(it->second.communities, how.communities);
    }
    MarkDirty(prefix);
}

void
BgpSpeaker::StopOriginating(const Ipv4Prefix& prefix)
{
    m_originated.erase(prefix);
    MarkDirty(prefix);
}

bool
BgpSpeaker::Feasible(const BgpRoute& route) const
{
    return route.local || !GetRouting() || !Resolve({route}).empty();
}

void
BgpSpeaker::EnablePeer(uint32_t peer)
{
    Peer& p = m_peers.at(peer);
    p.config.disabled = false;
    if (m_running)
    {
        p.session->Start();
    }
}

void
BgpSpeaker::DisablePeer(uint32_t peer)
{
    Peer& p = m_peers.at(peer);
    p.config.disabled = true;
    p.session->Stop();
}

uint32_t
BgpSpeaker::GetLearnedRouteCount() const
{
    uint32_t n = 0;
    for (const auto& [prefix, sel] : m_locRib)
    {
        n += !sel.routes.empty() && !sel.routes.front().local ? 1 : 0;
    }
    return n;
}

void
BgpSpeaker::RefreshNextHops()
{
    auto routing = m_fallOver ? GetRouting() : nullptr;
    for (auto& p : m_peers)
    {
        if (routing)
        {
            // A default route says nothing about the peer (as routers' fall-over ignores it).
            const FibEntry* e = routing->GetFib().Lookup(p.config.peerAddress.Get());
            if (!e || e->prefix.length == 0)
            {
                p.session->FallOver(); // no route to the peer: closed until it is back
            }
            else
            {
                p.session->PeerReachable();
            }
        }
        for (const auto& [prefix, route] : p.ribIn)
        {
            MarkDirty(prefix);
        }
    }
}

std::vector<BgpRoute>
BgpSpeaker::GetBestRoutes(const Ipv4Prefix& prefix) const
{
    auto it = m_locRib.find(prefix);
    return it == m_locRib.end() ? std::vector<BgpRoute>{} : it->second.routes;
}

Ptr<FibRouting>
BgpSpeaker::GetRouting() const
{
    auto ipv4 = GetNode()->GetObject<Ipv4>();
    return ipv4 ? DynamicCast<FibRouting>(ipv4->GetRoutingProtocol()) : nullptr;
}

void
BgpSpeaker::StartApplication()
{
    m_running = true;
    bool anyPassive = false;
    for (auto& p : m_peers)
    {
        p.config.dscp = m_dscp;
        p.session->Configure(GetNode(), p.config);
        p.session->SetCallbacks(MakeCallback(&BgpSpeaker::OnUpdate, this),
                                MakeCallback(&BgpSpeaker::OnState, this),
                                MakeCallback(&BgpSpeaker::OnNotification, this));
        anyPassive = anyPassive || p.config.passive;
    }
    if (anyPassive)
    {
        m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 179));
        // A connection forked from the listener answers the SYN with its TOS: CS6 from the
        // SYN-ACK on (BgpSession::Attach marks it again for what follows).
        m_listener->SetIpTos(m_dscp << 2);
        // Its SYN-ACK leaves with 255, which reaches any peer; BgpSession::Attach then sets the
        // session's own TTL (1 for single-hop eBGP) for every later segment.
        m_listener->SetIpTtl(255);
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeCallback(&BgpSpeaker::AcceptRequest, this),
                                      MakeCallback(&BgpSpeaker::NewConnection, this));
    }
    if (auto routing = GetRouting())
    {
        routing->TraceConnectWithoutContext(
            "InterfaceState",
            MakeCallback(&BgpSpeaker::InterfaceStateChanged, this));
    }
    for (auto& p : m_peers)
    {
        if (!p.config.disabled)
        {
            p.session->Start();
        }
    }
    if (!m_originated.empty())
    {
        for (const auto& [prefix, how] : m_originated)
        {
            MarkDirty(prefix);
        }
    }
}

void
BgpSpeaker::StopApplication()
{
    m_running = false;
    for (auto& p : m_peers)
    {
        p.session->Stop();
    }
    if (m_listener)
    {
        m_listener->Close();
    }
}

void
BgpSpeaker::InterfaceStateChanged(uint32_t interface, bool down)
{
    auto ipv4 = GetNode()->GetObject<Ipv4>();
    if (down)
    {
        // Fast external fallover: a session with a directly connected peer on the interface
        // that went down is reset at once, without waiting for BFD or the hold timer. Multihop
        // sessions (MSEE to gateway) close when the interior routing loses their peer
        // (FallOver, in RefreshNextHops).
        for (auto& p : m_peers)
        {
            if (ipv4->GetInterfaceForAddress(p.config.localAddress) !=
                static_cast<int32_t>(interface))
            {
                continue;
            }
            for (uint32_t j = 0; j < ipv4->GetNAddresses(interface); ++j)
            {
                const auto a = ipv4->GetAddress(interface, j);
                if (a.GetMask().IsMatch(a.GetLocal(), p.config.peerAddress))
                {
                    p.session->BfdDown();
                    break;
                }
            }
        }
    }
    // Next hops may have moved: re-resolve every route.
    RefreshNextHops();
}

void
BgpSpeaker::Wake(bool holdAwake)
{
    for (auto& p : m_peers)
    {
        p.session->Wake(holdAwake);
    }
}

bool
BgpSpeaker::AcceptRequest(Ptr<Socket>, const Address& from)
{
    const Ipv4Address addr = InetSocketAddress::ConvertFrom(from).GetIpv4();
    for (const auto& p : m_peers)
    {
        if (p.config.passive && p.config.peerAddress == addr)
        {
            return true;
        }
    }
    return false; // not a configured peer (RFC 4271 §8: connections from unknown peers are refused)
}

void
BgpSpeaker::NewConnection(Ptr<Socket> socket, const Address& from)
{
    const Ipv4Address addr = InetSocketAddress::ConvertFrom(from).GetIpv4();
    for (auto& p : m_peers)
    {
        if (p.config.passive && p.config.peerAddress == addr)
        {
            p.session->Accept(socket);
            return;
        }
    }
    socket->Close();
}

uint32_t
BgpSpeaker::PeerOf(Ptr<BgpSession> session) const
{
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        if (m_peers[i].session == session)
        {
            return i;
        }
    }
    NS_ABORT_MSG("unknown session");
}

void
BgpSpeaker::OnState(Ptr<BgpSession> session, BgpState from, BgpState to)
{
    const uint32_t i = PeerOf(session);
    Peer& p = m_peers[i];
    m_sessionStateChanged(p.config.name, ToString(from), ToString(to));
    if (to == BgpState::Established)
    {
        p.ribOut.clear();
        std::set<Ipv4Prefix> all;
        for (const auto& [prefix, sel] : m_locRib)
        {
            all.insert(prefix);
        }
        Export(i, all);
    }
    else if (from == BgpState::Established)
    {
        // The session is gone: every route it gave us is withdrawn (RFC 4271 §9.1).
        for (const auto& [prefix, route] : p.ribIn)
        {
            MarkDirty(prefix);
        }
        p.ribIn.clear();
        p.ribOut.clear();
    }
}

void
BgpSpeaker::OnNotification(Ptr<BgpSession> session, const BgpNotification& n, bool sent)
{
    m_notification(m_peers[PeerOf(session)].config.name, n.code, n.subcode, sent);
}

namespace
{

/// True if @p a's AS_PATH begins with @p asn (an AS_SEQUENCE whose first ASN it is).
bool
BeginsWith(const BgpPathAttributes& a, uint32_t asn)
{
    return a.asPath && !a.asPath->empty() &&
           a.asPath->front().type == BgpAsPathSegment::kSequence &&
           !a.asPath->front().asns.empty() && a.asPath->front().asns.front() == asn;
}

} // namespace

void
BgpSpeaker::OnUpdate(Ptr<BgpSession> session, const BgpUpdate& update)
{
    const uint32_t i = PeerOf(session);
    Peer& p = m_peers[i];
    m_updateReceived(p.config.name,
                     static_cast<uint32_t>(update.nlri.size() + update.mpNlri.size()),
                     static_cast<uint32_t>(update.withdrawn.size()));
    for (const auto& prefix : update.withdrawn)
    {
        if (p.ribIn.erase(prefix))
        {
            MarkDirty(prefix);
        }
    }
    const bool ebgp = p.config.peerAsn != m_asn;
    // IPv4 unicast routes of MP_REACH_NLRI are routes like the NLRI field's, with the MP next
    // hop in place of NEXT_HOP (RFC 4760 §3).
    BgpPathAttributes mpAttributes;
    if (!update.mpNlri.empty())
    {
        mpAttributes = update.attributes;
        mpAttributes.nextHop = update.mpNextHop;
    }
    for (const auto* list : {&update.nlri, &update.mpNlri})
    {
        const BgpPathAttributes& attributes =
            list == &update.nlri ? update.attributes : mpAttributes;
        for (const auto& prefix : *list)
        {
            // An AS path with our own ASN is a loop: the route is not feasible (RFC 4271 §9.1.2).
            // One from an external peer that does not begin with the peer's ASN is malformed.
            if (attributes.AsPathContains(m_asn) ||
                (ebgp && m_enforceFirstAs && !BeginsWith(attributes, p.config.peerAsn)))
            {
                if (p.ribIn.erase(prefix))
                {
                    MarkDirty(prefix);
                }
                continue;
            }
            BgpRoute r;
            r.prefix = prefix;
            r.attributes = attributes;
            if (p.policy.stripCommunities)
            {
                StripCommunities(r.attributes);
            }
            if (p.policy.removePrivateAsns)
            {
                RemovePrivateAsns(r.attributes);
            }
            for (uint32_t c : p.policy.importCommunities)
            {
                auto& cs = r.attributes.communities;
                if (std::find(cs.begin(), cs.end(), c) == cs.end())
                {
                    cs.push_back(c);
                }
            }
            if (ebgp)
            {
                r.attributes.localPref.reset(); // LOCAL_PREF is not taken from an external peer
            }
            if (p.policy.localPref)
            {
                r.attributes.localPref = p.policy.localPref;
            }
            r.weight = p.policy.weight;
            r.importPrepend = p.policy.importPrepend;
            r.peerAsn = p.config.peerAsn;
            r.peerRouterId = session->GetPeerRouterId();
            r.peerAddress = p.config.peerAddress.Get();
            r.ebgp = ebgp;
            r.sourcePeer = static_cast<int32_t>(i);
            p.ribIn[prefix] = r;
            MarkDirty(prefix);
        }
    }
    if (p.config.maxPrefixes > 0 && p.ribIn.size() > p.config.maxPrefixes)
    {
        const uint32_t count = static_cast<uint32_t>(p.ribIn.size());
        NS_LOG_INFO("peer=" << p.config.name << " prefixes=" << count
                            << " limit=" << p.config.maxPrefixes << " action=cease");
        m_prefixLimitExceeded(p.config.name, count, p.config.maxPrefixes);
        // RFC 4486: data is AFI (2), SAFI (1) and the limit (4).
        const uint32_t limit = p.config.maxPrefixes;
        std::vector<uint8_t> data{0, 1, 1,
                                  static_cast<uint8_t>(limit >> 24), static_cast<uint8_t>(limit >> 16),
                                  static_cast<uint8_t>(limit >> 8), static_cast<uint8_t>(limit)};
        session->Reset({bgperr::kCease, bgperr::kMaxPrefixesReached, data}, p.config.idleHoldTime);
    }
}

} // namespace expressroute
} // namespace ns3
