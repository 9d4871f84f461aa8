// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_SPEAKER_H
#define EXPRESSROUTE_BGP_SPEAKER_H

// A BGP-4 speaker as an ns-3 Application on a router: its sessions (expressroute-bgp-session),
// Adj-RIB-In per peer, the Loc-RIB chosen by the decision process (expressroute-bgp-route), and
// Adj-RIB-Out per peer; best routes go into the node's FibRouting with every multipath next hop.
// Policy per peer: weight and LOCAL_PREF on import; AS-path prepend, MED and communities on
// export; a maximum-prefix limit that tears the session down with Cease / Maximum Number of
// Prefixes Reached (RFC 4486) and waits an idle hold time before reconnecting (references.md §1).
//
// A BGP next hop that is not on a connected subnet is reached through the interior routes
// (the backbone IGP) inside an IP-in-IP tunnel to the next hop, as Microsoft's edge reaches a
// gateway over its backbone: the backbone routers carry infrastructure routes only.

#include "expressroute-bgp-route.h"
#include "expressroute-bgp-session.h"
#include "expressroute-fib.h"

#include "ns3/application.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace ns3
{
class Socket;
class Address;

namespace expressroute
{

class FibRouting;
class BfdAgent;

/// Per-peer policy.
struct BgpPeerPolicy
{
    uint32_t weight{0};                 ///< import: weight of routes from this peer
    std::optional<uint32_t> localPref;  ///< import: LOCAL_PREF to set
    uint32_t prepend{0};                ///< export: extra copies of the local ASN
    /// import: extra copies of the local ASN in front of the peer's routes when they go on to
    /// external peers, and counted in their AS path length here (BgpRoute::importPrepend; a
    /// maintenance drain, so that the drained link's routes are avoided towards Azure as well)
    uint32_t importPrepend{0};
    std::optional<uint32_t> med;        ///< export: MULTI_EXIT_DISC to send
    std::vector<uint32_t> communities;  ///< export: communities to add
    /// export: when set, only routes carrying at least one of these communities go to the peer
    /// (an ExpressRoute route filter on Microsoft peering, references.md §5)
    std::optional<std::vector<uint32_t>> exportCommunities;
    /// import: drop what the peer tags its routes with: standard (RFC 1997), extended (RFC 4360)
    /// and large (RFC 8092) communities and unrecognised optional transitive attributes; OTC
    /// (RFC 9234) stays (the MSEE from the customer, references.md §3; doc/control-plane.md)
    bool stripCommunities{false};
    /// import: private ASNs (RFC 6996: 64512-65534, 4200000000-4294967294) leave the peer's AS
    /// paths, as Microsoft removes them on Microsoft peering (references.md §3): a customer with
    /// a private ASN cannot steer Microsoft with a prepend there
    bool removePrivateAsns{false};
    /// import: communities to add to the peer's routes (a CE tags what the VPN brings with
    /// NO_EXPORT, so that its iBGP peer uses it but passes it to no other AS)
    std::vector<uint32_t> importCommunities;
};

/// The well-known community NO_EXPORT (RFC 1997): a route carrying it is not advertised to
/// eBGP peers.
constexpr uint32_t kBgpNoExport = 0xFFFFFF01u;

/// How a prefix is originated: the communities it carries, and the routing domains (session
/// vrfs) it is announced into; empty: every peer.
struct BgpOrigination
{
    std::vector<uint32_t> communities;
    std::vector<std::string> vrfs;
};

/**
 * The BGP speaker of one router.
 */
class BgpSpeaker : public Application
{
  public:
    /// Session state changed: peer name, old state, new state.
    typedef void (*SessionStateChangedCallback)(std::string, std::string, std::string);
    /// An UPDATE arrived: peer name, prefixes announced, prefixes withdrawn.
    typedef void (*UpdateReceivedCallback)(std::string, uint32_t, uint32_t);
    /// The best path of a prefix changed: prefix, next hops ("" when withdrawn), reason.
    typedef void (*BestPathChangedCallback)(std::string, std::string, std::string);
    /// A best-path change reached the FIB, FibDelay after it was decided: prefix.
    typedef void (*FibProgrammedCallback)(std::string);
    /// A prefix limit was exceeded: peer name, prefixes, limit. Raised by the receiver for
    /// maxPrefixes, and by the sender for maxExportPrefixes.
    typedef void (*PrefixLimitExceededCallback)(std::string, uint32_t, uint32_t);
    /// A NOTIFICATION was sent or received: peer name, code, subcode, sent.
    typedef void (*NotificationCallback)(std::string, uint8_t, uint8_t, bool);
    /// TracedCallback signature for RouteTooLarge: peer, prefix, the UPDATE's bytes without it.
    typedef void (*RouteTooLargeCallback)(std::string, std::string, uint32_t);

    static TypeId GetTypeId();
    BgpSpeaker();
    ~BgpSpeaker() override;

    /// Adds a session; returns its index. Call before the application starts.
    uint32_t AddPeer(const BgpPeerConfig& config, const BgpPeerPolicy& policy = {});
    /// Protects a peer's session with a BFD session on @p agent (same node, same addresses):
    /// when BFD goes from Up to Down the BGP session is torn down at once (RFC 5882 §3).
    /// Returns the BFD session index.
    uint32_t AttachBfd(uint32_t peer, Ptr<BfdAgent> agent);
    /// Starts a peer created disabled (a peering configured on the timeline); Stop one
    /// (deprovisioned): Cease / Administrative Shutdown.
    void EnablePeer(uint32_t peer);
    void DisablePeer(uint32_t peer);
    /// Routes from peers with a role in @p roleMask (bits 1 << role) are exported to no peer.
    void RestrictExport(uint32_t roleMask)
    {
        for (auto& p : m_peers)
        {
            p.config.exportRoles &= ~roleMask;
        }
    }
    /// Changes a peer's policy at run time (maintenance drain) and re-advertises.
    void SetPolicy(uint32_t peer, const BgpPeerPolicy& policy);
    const BgpPeerPolicy& GetPolicy(uint32_t peer) const { return m_peers.at(peer).policy; }
    /// Originates @p prefix with an empty AS path, to every peer or only to the routing domains
    /// of @p how. Originating it again adds the domains and communities.
    void Originate(const Ipv4Prefix& prefix, const BgpOrigination& how = {});
    /// Stops originating @p prefix.
    void StopOriginating(const Ipv4Prefix& prefix);
    /// The interior routes changed: every route's NEXT_HOP is resolved again, and routes whose
    /// next hop became unreachable leave the decision (RFC 4271 §9.1.2; next-hop tracking).
    void RefreshNextHops();

    uint32_t GetAsn() const { return m_asn; }
    uint32_t GetPeerCount() const { return static_cast<uint32_t>(m_peers.size()); }
    Ptr<BgpSession> GetSession(uint32_t peer) const { return m_peers.at(peer).session; }
    /// Index of the peer named @p name, or nullopt.
    std::optional<uint32_t> FindPeer(const std::string& name) const;
    /// Routes currently held from @p peer.
    std::size_t GetAdjRibInSize(uint32_t peer) const { return m_peers.at(peer).ribIn.size(); }
    /// The selected routes for @p prefix (best first), empty if none.
    std::vector<BgpRoute> GetBestRoutes(const Ipv4Prefix& prefix) const;
    /// Number of prefixes in the Loc-RIB.
    std::size_t GetLocRibSize() const { return m_locRib.size(); }
    /// Loc-RIB prefixes whose best route was learned from a peer (not originated here).
    uint32_t GetLearnedRouteCount() const;
    /// A link or an element changed: every quiescent session resumes its keepalives and hold
    /// timer (BgpSession::Wake); @p holdAwake keeps them awake until the next wake.
    void Wake(bool holdAwake);
    /// Prefixes currently advertised to @p peer.
    std::size_t GetAdjRibOutSize(uint32_t peer) const { return m_peers.at(peer).ribOut.size(); }

  protected:
    void DoDispose() override;

  private:
    struct Peer
    {
        BgpPeerConfig config;
        BgpPeerPolicy policy;
        Ptr<BgpSession> session;
        std::map<Ipv4Prefix, BgpRoute> ribIn;
        std::map<Ipv4Prefix, BgpPathAttributes> ribOut;
        bool exportLimited{false}; ///< shut down by maxExportPrefixes
        std::set<Ipv4Prefix> exportable; ///< with maxExportPrefixes: prefixes it would receive
    };

    struct Selected
    {
        std::vector<BgpRoute> routes; ///< best first, then multipath
        BgpDecisionStep reason{BgpDecisionStep::OnlyRoute};
        std::vector<NextHop> hops;
    };

    void StartApplication() override;
    void StopApplication() override;
    bool AcceptRequest(Ptr<Socket> socket, const Address& from);
    void InterfaceStateChanged(uint32_t interface, bool down);
    void NewConnection(Ptr<Socket> socket, const Address& from);
    void OnUpdate(Ptr<BgpSession> session, const BgpUpdate& update);
    void OnState(Ptr<BgpSession> session, BgpState from, BgpState to);
    void OnNotification(Ptr<BgpSession> session, const BgpNotification& n, bool sent);
    uint32_t PeerOf(Ptr<BgpSession> session) const;
    void MarkDirty(const Ipv4Prefix& prefix);
    /// Puts a best-path change into the FIB (@p remove: the prefix leaves it): FibDelay later
    /// when it changes or withdraws a route the FIB has (@p had), at once for a new one.
    void ProgramFib(const Ipv4Prefix& prefix, bool had, bool remove, std::vector<NextHop> hops);
    void RunDecision();
    void Export(uint32_t peer, const std::set<Ipv4Prefix>& prefixes);
    /// Counts, for peers with maxExportPrefixes, what they would receive after @p changed
    /// prefixes changed, and shuts them down or lets them back accordingly.
    void CheckExportLimits(const std::set<Ipv4Prefix>& changed);
    std::optional<BgpPathAttributes> ExportAttributes(uint32_t peer, const Ipv4Prefix& prefix) const;
    bool MayExport(uint32_t peer, const BgpRoute& route) const;
    std::vector<NextHop> Resolve(const std::vector<BgpRoute>& routes) const;
    /// False for a learned route whose NEXT_HOP does not resolve (RFC 4271 §9.1.2).
    bool Feasible(const BgpRoute& route) const;
    Ptr<FibRouting> GetRouting() const;

    uint32_t m_asn{0};
    Ipv4Address m_routerId;
    uint32_t m_maxPaths{4};
    Time m_fibDelay;
    /// With a FibDelay, per prefix, the changes programmed at once: a delayed change older than
    /// one of them is dropped (not kept without a delay, where every change is at once).
    std::map<Ipv4Prefix, uint64_t> m_fibAtOnce;
    bool m_fallOver{true};
    bool m_enforceFirstAs{true};
    uint8_t m_dscp{48};
    std::vector<Peer> m_peers;
    std::map<Ipv4Prefix, BgpOrigination> m_originated;
    std::map<Ipv4Prefix, Selected> m_locRib;
    std::set<Ipv4Prefix> m_dirty;
    bool m_decisionPending{false};
    bool m_running{false};
    Ptr<Socket> m_listener;

    TracedCallback<std::string, std::string, std::string> m_sessionStateChanged;
    TracedCallback<std::string, uint32_t, uint32_t> m_updateReceived;
    TracedCallback<std::string, std::string, std::string> m_bestPathChanged;
    TracedCallback<std::string> m_fibProgrammed;
    TracedCallback<std::string, uint32_t, uint32_t> m_prefixLimitExceeded;
    TracedCallback<std::string, uint8_t, uint8_t, bool> m_notification;
    TracedCallback<std::string, std::string, uint32_t> m_routeTooLarge;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_SPEAKER_H
