// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_SESSION_H
#define EXPRESSROUTE_BGP_SESSION_H

// One BGP session: the finite state machine of RFC 4271 §8 over an ns-3 TCP connection to port
// 179, with its ConnectRetry, Hold and Keepalive timers. The speaker (expressroute-bgp-speaker)
// owns the sessions, gives them messages to send and receives their UPDATEs and state changes.
//
// Model choices (documented deviations):
//  - One side of each session is passive (waits for the connection) and the other active, as
//    the topology builder configures them (the MSEE waits for the customer or provider edge), so
//    connection collisions (RFC 4271 §6.8) cannot happen and are not resolved.
//  - The optional session attributes of RFC 4271 §8.1 (DelayOpen, damping of peer
//    oscillations) are not modelled; after an error the session goes to Idle and starts again
//    after ConnectRetryTime, or after IdleHoldTime when the peer exceeded its prefix limit.
//
// Quiescent control plane (attribute Quiescent, doc/engines.md): once both ends of an
// Established session have been left alone for QuiescentAfter, they send no KEEPALIVEs and run
// no hold timer, keeping only the times the keepalives would have gone; Wake() (a link or an
// element changed) restarts both from there, the hold timer from the last KEEPALIVE the peer
// would have delivered. OPEN, UPDATE and NOTIFICATION always go as packets.

#include "expressroute-bgp-message.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
class Node;
class Socket;
class Packet;

namespace expressroute
{

/// RFC 4271 §8.2.2 states.
enum class BgpState
{
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established
};

std::string ToString(BgpState state);

/// What the peer is to this router, for the export rules of a router that keeps several
/// customers' routes apart (the MSEE keeps one routing domain per circuit, references.md §1 FAQ).
enum class BgpPeerRole : uint8_t
{
    Any = 0,
    Customer = 1,    ///< customer or provider edge on a circuit link
    Gateway = 2,     ///< ExpressRoute gateway of a linked VNet
    GlobalReach = 3, ///< the MSEE of a Global Reach partner circuit
    Vpn = 4,         ///< a site-to-site VPN tunnel, or the VNet's VPN gateway
};

/// Configuration of one session, set by the topology builder (or a test).
struct BgpPeerConfig
{
    std::string name;           ///< e.g. "contoso-ams/primary/AzurePrivate", for traces
    Ipv4Address localAddress;
    Ipv4Address peerAddress;
    uint32_t localAsn{0};
    uint32_t peerAsn{0};
    uint32_t routerId{0};       ///< this speaker's BGP identifier, host order
    Time holdTime{Seconds(180)}; ///< proposed; the session uses the lower of the two (§4.2)
    Time keepaliveTime{Seconds(60)}; ///< proposed; capped at a third of the negotiated hold time
    Time connectRetryTime{Seconds(30)};
    Time idleHoldTime{Seconds(60)}; ///< wait after a prefix-limit teardown before reconnecting
    bool passive{false};        ///< waits for the peer to connect
    uint32_t maxPrefixes{0};    ///< Cease / Maximum Number of Prefixes Reached above this; 0 = none
    /// Shuts the session down (Cease / Out of Resources) while more than this many prefixes
    /// would be advertised to the peer, and lets it come back once the count is at or under
    /// it: Azure's gateway towards on-premises (references.md §1, FAQ). 0 = none.
    uint32_t maxExportPrefixes{0};
    BgpPeerRole role{BgpPeerRole::Any};
    /// Routing domains (circuit names) of the session; routes pass between two sessions only
    /// if they share one. Empty: every domain.
    std::vector<std::string> vrfs;
    /// Bit (1 << role) set for each role whose routes may be exported to this peer; locally
    /// originated routes always may.
    uint32_t exportRoles{0xffffffffu};
    /// Not started with the speaker: a peering not configured yet, or a circuit not
    /// provisioned (BgpSpeaker::EnablePeer starts it).
    bool disabled{false};
    /// DSCP of the session's packets (BgpSpeaker::Dscp).
    uint8_t dscp{48};
};

/**
 * One BGP session's state machine and connection.
 */
class BgpSession : public Object
{
  public:
    /// A message arrived in Established (UPDATE only; the session handles the others).
    using UpdateCallback = Callback<void, Ptr<BgpSession>, const BgpUpdate&>;
    /// The state changed.
    using StateCallback = Callback<void, Ptr<BgpSession>, BgpState, BgpState>;
    /// A NOTIFICATION was sent (true) or received (false).
    using NotificationCallback = Callback<void, Ptr<BgpSession>, const BgpNotification&, bool>;

    static TypeId GetTypeId();
    BgpSession();
    ~BgpSession() override;

    void Configure(Ptr<Node> node, const BgpPeerConfig& config);
    const BgpPeerConfig& GetConfig() const { return m_config; }
    void SetCallbacks(UpdateCallback update, StateCallback state, NotificationCallback notification);

    /// ManualStart (RFC 4271 §8.1.2, event 1).
    void Start();
    /// ManualStop: a NOTIFICATION (Cease / Administrative Shutdown unless told otherwise), then
    /// Idle without restart; connections from the peer are refused until Start().
    void Stop(const BgpNotification& notification = {bgperr::kCease,
                                                     bgperr::kAdministrativeShutdown, {}});
    /// Tears the session down at once (BFD down, RFC 5882): no NOTIFICATION, restart later.
    void BfdDown();
    /// The interior routing has no route to the peer (BgpSpeaker::FallOver): torn down as by
    /// BFD, without NOTIFICATION; the active side makes no attempt (the passive side listens)
    /// until PeerReachable().
    void FallOver();
    /// A route to the peer is back: a session that fell over starts again now.
    void PeerReachable();
    /// Resets with a NOTIFICATION (e.g. Cease / Maximum Number of Prefixes Reached), then Idle
    /// for @p idleHold before starting again.
    void Reset(const BgpNotification& notification, Time idleHold);

    /// Accepts a connection that arrived on the speaker's listening socket for this peer.
    void Accept(Ptr<Socket> socket);

    /// IP TTL of the session's segments, as routers set it: 1 for an external peer on a
    /// subnet of the local address's interface (single-hop eBGP), 255 otherwise (internal
    /// peers, and external ones further away: ebgp-multihop).
    uint8_t GetTtl() const;

    /// Sends an UPDATE (only in Established). Returns false if not established.
    bool SendUpdate(const BgpUpdate& update);

    BgpState GetState() const { return m_state; }
    bool IsEstablished() const { return m_state == BgpState::Established; }
    Time GetNegotiatedHoldTime() const { return m_holdTime; }
    Time GetKeepaliveTime() const { return m_keepaliveTime; }
    uint32_t GetPeerRouterId() const { return m_peerRouterId; }
    uint64_t GetMessagesSent() const { return m_sent; }
    uint64_t GetMessagesReceived() const { return m_received; }
    /// KEEPALIVEs sent as packets, and those a quiescent session did not send.
    uint64_t GetKeepalivesSent() const { return m_keepalivesSent; }
    uint64_t GetKeepalivesSkipped() const { return m_keepalivesSkipped; }

    /// Something on the network changed: a quiescent session and its peer resume their
    /// keepalives and hold timers. @p holdAwake keeps them awake until the next Wake.
    void Wake(bool holdAwake);
    /// True while the session sends no KEEPALIVEs (Quiescent).
    bool IsQuiescent() const { return m_quiescent; }

  protected:
    void DoDispose() override;

  private:
    void SetState(BgpState state);
    void Connect();
    void ConnectionSucceeded(Ptr<Socket> socket);
    void ConnectionFailed(Ptr<Socket> socket);
    void Attach(Ptr<Socket> socket);
    void HandleRead(Ptr<Socket> socket);
    void HandleClose(Ptr<Socket> socket);
    void HandleMessage(const std::vector<uint8_t>& bytes);
    void HandleOpen(const BgpOpen& open);
    void SendMessage(const BgpMessage& message);
    void Flush(Ptr<Socket> socket, uint32_t available);
    void SendNotificationAndClose(const BgpNotification& n, Time restartAfter);
    void CloseAndIdle(Time restartAfter);
    void HoldTimerExpired();
    void KeepaliveTimerExpired();
    void RestartKeepaliveTimer();
    void RestartHoldTimer();
    void SendKeepalive();
    // Quiescence (expressroute-bgp-quiescence.cc).
    Ptr<BgpSession> FindPeerSession();
    bool IsStable() const;
    void ScheduleQuiescenceCheck(Time delay);
    void CheckQuiescence();
    void Freeze();
    void WakePair();
    /// Counts the keepalives a quiescent session would have sent by @p upTo.
    void AdvanceKeepalives(Time upTo);
    void Resume(const BgpSession& peer);

    Ptr<Node> m_node;
    BgpPeerConfig m_config;
    BgpState m_state{BgpState::Idle};
    Ptr<Socket> m_socket;
    BgpStreamReader m_reader;
    std::deque<uint8_t> m_out; ///< bytes the socket did not take yet
    bool m_stopped{false};
    bool m_fellOver{false}; ///< closed by FallOver, not restarted since
    bool m_peerFourOctet{true};
    Time m_holdTime;
    Time m_keepaliveTime;
    uint32_t m_peerRouterId{0};
    EventId m_connectRetry;
    EventId m_hold;
    EventId m_keepalive;
    uint64_t m_sent{0};
    uint64_t m_received{0};
    uint64_t m_keepalivesSent{0};
    uint64_t m_keepalivesSkipped{0};
    bool m_quiescentEnabled{false};
    Time m_quiescentAfter;
    bool m_quiescent{false};
    bool m_holdAwake{false};
    Time m_stableSince;                  ///< Established or woken
    Time m_lastWake{Time::Min()};
    Time m_nextKeepalive;                ///< while quiescent: the next one it would send
    Time m_lastKeepalive{Time::Min()};   ///< last sent, real or virtual
    Time m_prevKeepalive{Time::Min()};   ///< the one before
    Time m_lastRx{Time::Min()};          ///< last message received
    std::optional<Time> m_keepaliveDelay; ///< peer's KEEPALIVE sent to received here
    bool m_peerResolved{false};
    Ptr<BgpSession> m_peerSession;       ///< the other end of the session
    EventId m_quiescenceCheck;
    UpdateCallback m_onUpdate;
    StateCallback m_onState;
    NotificationCallback m_onNotification;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_SESSION_H
