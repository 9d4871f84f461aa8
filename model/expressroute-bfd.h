// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BFD_H
#define EXPRESSROUTE_BFD_H

// Bidirectional Forwarding Detection, asynchronous mode (RFC 5880) over single-hop UDP (RFC
// 5881: destination port 3784, source ports 49152-65535, TTL 255). The MSEE runs 300 ms x 3 by
// default and the slower side sets the rate (fact sheet §3, BFD), so detection takes about
// 0.9 s; when a session goes down, the BGP session on the same link is torn down at once
// (RFC 5882).
//
// Model choices: no Echo function, no authentication, no Demand mode; parameter changes take
// effect without the Poll/Final sequence (they are only set before the session starts).

#include "ns3/application.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
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

    BfdState GetState(uint32_t session) const { return m_sessions.at(session).state; }
    /// Detection time in use (RFC 5880 §6.8.4), zero before the first packet from the peer.
    Time GetDetectionTime(uint32_t session) const;
    /// Transmit interval in use (before jitter).
    Time GetTransmitInterval(uint32_t session) const;

    int64_t AssignStreams(int64_t stream);

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
        Time remoteMinRx;   ///< peer's Required Min RX
        uint8_t remoteMult{0};
        Ptr<Socket> socket; ///< bound to local:ephemeral, sends to peer:3784
        EventId tx;
        EventId detect;
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleRead(Ptr<Socket> socket);
    void Receive(Session& s, const BfdControlPacket& p);
    void Transmit(uint32_t index);
    void ScheduleTransmit(uint32_t index);
    void DetectionTimeout(uint32_t index);
    void SetState(Session& s, BfdState state, uint8_t diag);

    Time m_desiredMinTx;
    Time m_requiredMinRx;
    uint8_t m_detectMult;
    uint8_t m_dscp{48};
    std::vector<Session> m_sessions;
    Ptr<Socket> m_listener;
    Ptr<UniformRandomVariable> m_jitter;
    TracedCallback<std::string, std::string, std::string, uint8_t> m_stateChanged;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BFD_H
