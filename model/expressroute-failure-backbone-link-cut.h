// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_BACKBONE_LINK_CUT_H
#define EXPRESSROUTE_FAILURE_BACKBONE_LINK_CUT_H

// A backbone link between two regions is cut (a fibre cut: always signalled); Microsoft's
// interior routing recomputes around it after its SPF delay (expressroute-igp.h).

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class BackboneLinkCut : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::BackboneLink; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_BACKBONE_LINK_CUT_H
