namespace CareHub.Web.Features.Census;

/// <summary>Reads the census of the user's teams (<paramref name="TeamId"/> null) or of one team.</summary>
public sealed record LoadCensusAction(Guid? TeamId);

public sealed record CensusTeamsLoadedAction(IReadOnlyList<CensusTeam> Teams);

public sealed record CensusLoadedAction(Guid? TeamId, CensusBoard Board);

public sealed record CensusLoadFailedAction(Guid? TeamId, string Message);

public sealed record CensusFilterChangedAction(CensusFilter Filter);

public sealed record CensusSortChangedAction(CensusSort Sort);

/// <summary>A live event: something about this patient's stay changed (ADT, coordinator, task, referral).</summary>
public sealed record CensusPatientChangedAction(Guid PatientId);

/// <summary>The patient's row now: replaces or adds it; null takes it off the board.</summary>
public sealed record CensusRowLoadedAction(Guid PatientId, CensusRow? Row);

/// <summary>Reads the whole board again (the connection came back, or events may have been missed).</summary>
public sealed record CensusReloadAction;
