// Placeholder until the henkilötunnus validator lands (see helper task).
export {};
