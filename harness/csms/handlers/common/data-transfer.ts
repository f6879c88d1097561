/** DataTransfer (1.6 and 2.0.1): the reference CSMS knows no vendor extensions. */
import { defineCommonHandler } from '../handler.js';

export const dataTransfer = defineCommonHandler('DataTransfer', () => ({ status: 'UnknownVendorId' }));
