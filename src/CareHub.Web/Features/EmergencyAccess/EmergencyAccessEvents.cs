namespace CareHub.Web.Features.EmergencyAccess;

/// <summary>What emergency access publishes; ids only, never who or which patient by name.</summary>
public static class EmergencyAccessEvents
{
    /// <summary>On <c>Topics.Notifications(managerId)</c>: someone used emergency access to a patient of the manager's team (ResourceId = the grant).</summary>
    public const string Granted = "emergency-access.granted";
}
