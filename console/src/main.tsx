/** The trainer's console: a single-page app served by the CSMS at `/` (docs/console.md). */
import { render } from 'preact';
import { App } from './App.js';
import './styles.css';

render(<App />, document.getElementById('app') as HTMLElement);
