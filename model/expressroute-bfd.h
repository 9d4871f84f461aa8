// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BFD_H
#define EXPRESSROUTE_BFD_H

// Bidirectional Forwarding Detection, asynchronous mode (RFC 5880) over single-hop UDP (RFC
// 5881: destination port 3784, source ports 49152-65535, sent with TTL 255, and a packet
// received with another TTL is discarded, §5). The MSEE runs 300 ms x 3 by
// default and the slower side sets the rate (references.md §3, BFD), so detection takes about
// 0.9 s; when a session goes down, the BGP session on the same link is torn down at once
// (RFC 5882).
//
// State changes are sent at once, as FRR's bfdd does: a session that comes Up sends a packet
// with the Poll bit at that instant (RFC 5880 §6.5: its intervals change from the 1 s pre-Up
// rate to the configured ones, §6.8.3) and keeps the bit until a packet with Final arrives; one
// that goes Down tells its peer at once. Its peer therefore comes Up one link delay later, not
// one slow interval (up to 1 s) later. The periodic schedule restarts from the packet sent. A
// peer's Poll is answered with Final at once (§6.5); a polled session that is Up then sends at
// its advertised rate at once (a faster rate takes effect at once, §6.8.3). A peer whose
// Required Min RX Interval is 0 gets no periodic packets until it asks again (§6.8.7), and no
// packets on state changes either.
//
// Model choices: no Echo function, no authentication, no Demand mode; the configured intervals
// are set before the session starts (SetSessionTimers), so no Poll Sequence is needed for a
// change of configuration.
//
// Quiescent control plane (attribute Quiescent, doc/engines.md): once both ends of a session
// have kept their state for QuiescentAfter, they stop sending periodic packets and keep only a
// virtual schedule (the same jitter draws, in the same order, as real transmissions would
// make). Wake() on a change of the link resumes real packets from that schedule, with the
// detection timer restarted from the last packet the peer would have received.

#include "ns3/application.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
class Socket;
class Packet;

namespace expressroute
{

/// RFC 5880 §4.1 session states.
enum class BfdState : uint8_t
{
    AdminDown = 0,
    Down = 1,
    Init = 2,
    Up = 3
};

std::string ToString(BfdState state);

/// A BFD control packet (RFC 5880 §4.1), 24 bytes without authentication.
struct BfdControlPacket
{
    uint8_t version{1};
    uint8_t diag{0};
    BfdState state{BfdState::Down};
    bool poll{false};
    bool final{false};
    uint8_t detectMult{3};
    uint32_t myDiscriminator{0};
    uint32_t yourDiscriminator{0};
    uint32_t desiredMinTxUs{1000000};
    uint32_t requiredMinRxUs{1000000};
    uint32_t requiredMinEchoRxUs{0};

    std::vector<uint8_t> Serialize() const;
    /// Parses and validates (RFC 5880 §6.8.6 reception checks that need no session state);
    /// returns false for a packet that must be discarded.
    static bool Parse(const uint8_t* bytes, std::size_t size, BfdControlPacket& out);
};

/// Diagnostic codes (RFC 5880 §4.1).
constexpr uint8_t kBfdDiagNone = 0;
constexpr uint8_t kBfdDiagDetectionTimeExpired = 1;
constexpr uint8_t kBfdDiagNeighborDown = 3;
constexpr uint8_t kBfdDiagAdminDown = 7;

/**
 * The BFD sessions of one node. Each session runs between a local and a peer address on one
 * link; the agent receives every control packet on port 3784 and finds the session.
 */
class BfdAgent : public Application
{
  public:
    /// Session state changed: session name, old state, new state, diagnostic.
    typedef void (*StateChangedCallback)(std::string, std::string, std::string, uint8_t);

    static TypeId GetTypeId();
    BfdAgent();
    ~BfdAgent() override;

    /**
     * Adds a session (before the application starts). Interval and multiplier default to the
     * agent's attributes. @p onChange is called with the new state.
     */
    uint32_t AddSession(const std::string& name,
                        Ipv4Address local,
                        Ipv4Address peer,
                        Callback<void, BfdState> onChange);
    /// Per-session timers, overriding the attributes.
    void SetSessionTimers(uint32_t session, Time desiredMinTx, Time requiredMinRx, uint8_t mult);

    uint32_t GetSessionCount() const { return static_cast<uint32_t>(m_sessions.size()); }
    BfdState GetState(uint32_t session) const { return m_sessions.at(session).state; }
    /// Detection time in use (RFC 5880 §6.8.4), zero before the first packet from the peer.
    Time GetDetectionTime(uint32_t session) const;
    /// Transmit interval in use (before jitter).
    Time GetTransmitInterval(uint32_t session) const;

    int64_t AssignStreams(int64_t stream);

    /**
     * Something changed on the link of @p interface (an impairment started or ended): its
     * sessions, and their peers, resume real packets if they were quiescent. A peer's packet
     * in flight at this instant still arrives when @p delivering, else it is lost.
     * @p holdAwake keeps them sending real packets until the next Wake (a lossy link).
     */
    void Wake(uint32_t interface, bool delivering, bool holdAwake);
    /// True while the session sends no periodic packets (Quiescent).
    bool IsQuiescent(uint32_t session) const { return m_sessions.at(session).quiescent; }
    /// Control packets sent (real ones only).
    uint64_t GetPacketsSent() const { return m_sent; }
    /// Control packets a quiescent session did not send (its virtual schedule).
    uint64_t GetPacketsSkipped() const { return m_skipped; }

  protected:
    void DoDispose() override;

  private:
    struct Session
    {
        std::string name;
        Ipv4Address local;
        Ipv4Address peer;
        Callback<void, BfdState> onChange;
        BfdState state{BfdState::Down};
        uint8_t diag{0};
        uint32_t myDisc{0};
        uint32_t yourDisc{0};
        Time desiredMinTx;
        Time requiredMinRx;
        uint8_t detectMult{3};
        Time remoteMinTx;   ///< peer's Desired Min TX
        Time remoteMinRx{MicroSeconds(1)}; ///< peer's Required Min RX (1 µs until heard, §6.8.1)
        uint8_t remoteMult{0};
        Ptr<Socket> socket; ///< bound to local:ephemeral, sends to peer:3784
        EventId tx;
        EventId detect;
        bool polling{false}; ///< a Poll Sequence is under way: packets carry P until an F arrives
        // Quiescence (doc/engines.md, "Quiescent control plane").
        int32_t interface{-1};    ///< of the local address
        bool quiescent{false};
        bool holdAwake{false};
        Time lastChange;          ///< last state change or wake
        Time nextTx;              ///< next transmission, real or virtual
        Time lastTx{Time::Min()}; ///< last transmission, real or virtual
        Time prevTx{Time::Min()}; ///< the one before
        Time lastRx{Time::Min()}; ///< last packet received
        std::optional<Time> rxDelay; ///< peer's transmission to our reception, last measured
        bool peerResolved{false};
        Ptr<BfdAgent> peerAgent;  ///< the peer's agent and session, on the link's other node
        uint32_t peerIndex{0};
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleRead(Ptr<Socket> socket);
    void Receive(Session& s, const BfdControlPacket& p, bool measure = true);
    BfdControlPacket MakePacket(const Session& s) const;
    void Transmit(uint32_t index);
    void ScheduleTransmit(uint32_t index);
    void DetectionTimeout(uint32_t index);
    void SetState(Session& s, BfdState state, uint8_t diag);
    /// Sends a packet now, outside the periodic schedule, and restarts the schedule from it.
    void TransmitNow(uint32_t index);
    double DrawJitter(const Session& s);
    /// Makes the virtual transmissions of quiescent sessions due by @p upTo, drawing their
    /// jitter in time order, as real transmissions would have.
    void AdvanceVirtual(Time upTo);
    /// Finds the peer's session on the other end of the link (once).
    bool ResolvePeer(uint32_t index);
    Session* Peer(const Session& s) const;
    bool MayQuiesce(uint32_t index);
    bool IsStable(const Session& s) const;
    /// Both ends of the session stop sending periodic packets.
    void EnterQuiescence(uint32_t index);
    void Freeze(uint32_t index);
    /// Both ends of a quiescent session resume real packets now.
    void WakePair(uint32_t index, bool delivering);
    void Resume(uint32_t index, bool delivering);

    Time m_desiredMinTx;
    Time m_requiredMinRx;
    uint8_t m_detectMult;
    uint8_t m_dscp{48};
    std::vector<Session> m_sessions;
    Ptr<Socket> m_listener;
    Ptr<UniformRandomVariable> m_jitter;
    bool m_quiescentEnabled{false};
    Time m_quiescentAfter;
    bool m_running{false};
    uint64_t m_sent{0};
    uint64_t m_skipped{0};
    /// Virtual transmissions of quiescent sessions: (time step, session), earliest first.
    std::priority_queue<std::pair<int64_t, uint32_t>,
                        std::vector<std::pair<int64_t, uint32_t>>,
                        std::greater<>>
        m_virtual;
    TracedCallback<std::string, std::string, std::string, uint8_t> m_stateChanged;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BFD_H
