/** What the start page shows. Plain data; the template decides the markup. */
export interface HomeView {
  readonly title: string;
}

export function homeView(): HomeView {
  return { title: 'IUP och allmänna handlingar' };
}
