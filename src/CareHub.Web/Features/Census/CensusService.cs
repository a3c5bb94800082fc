namespace CareHub.Web.Features.Census;

/// <summary>Reads the census of the user's teams (every read audited with the patients shown).</summary>
public sealed class CensusService
{
    /// <summary>The census of the user's teams, or of one of them.</summary>
    public Task<CensusBoard> LoadAsync(Guid? teamId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>One patient's row now; null when the patient is no longer on the census (or not the user's).</summary>
    public Task<CensusRow?> LoadRowAsync(Guid patientId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
